// Writes microsoft-forms.xlsx, shaped like a Microsoft Forms export: `pnpm tsx samples/make-forms-sample.ts`.
import path from "node:path";
import ExcelJS from "exceljs";

const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet("Sheet1");
sheet.addRow([
  "ID",
  "Start time",
  "Completion time",
  "Email",
  "Name",
  "Which services do you use?",
  "What should change?",
]);
const rows: [string, string][] = [
  ["Route 12;Route 14;", "Run the 12 on Sundays. My mother cannot get to church without it."],
  [
    "Route 3;",
    "The 3 is always late in the morning. I have been late for work four times this month.",
  ],
  ["Route 12;", "Cheaper day tickets for students, £6 is too much."],
  [
    "Dial-a-ride;",
    "Dial-a-ride needs more drivers. I booked a week ahead and still could not get a slot.",
  ],
  ["Route 14;Route 3;", "Bus shelters at the village stops, we wait in the rain."],
  ["None;", ""],
];
rows.forEach(([services, change], index) => {
  const started = new Date(Date.UTC(2026, 1, 12, 9, index * 7));
  sheet.addRow([
    index + 1,
    started,
    new Date(started.getTime() + 240_000),
    "anonymous",
    "",
    services,
    change,
  ]);
});
await workbook.xlsx.writeFile(path.join(import.meta.dirname, "microsoft-forms.xlsx"));
