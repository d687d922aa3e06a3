import {
  currentLogoSchema,
  letterheadSchema,
  settingsSchema,
  type Settings,
} from "@bernard/letters-contract";
import {
  Button,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  SummaryList,
  TextInput,
  Textarea,
  errorMessage,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSchemaForm,
} from "@bernard/ui";
import { useState } from "react";
import { z } from "zod";
import { api, queries } from "./api.js";

/** The form's lists are typed one item a line; the numbers come from text boxes. */
const settingsForm = z.object({
  department: letterheadSchema.shape.department,
  address: z.string().max(2_000),
  signatureName: letterheadSchema.shape.signatureName,
  signatureRole: letterheadSchema.shape.signatureRole,
  approverGroups: z.string().max(10_000),
  workingDays: z.coerce
    .number("Enter the working days as a number, like 20")
    .pipe(settingsSchema.shape.workingDays),
});

const listOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The letterhead, who approves replies and the days to a deadline: admins change them. */
export function SettingsPage() {
  const settings = useQuery(queries.settings());
  const me = useQuery(queries.me());
  usePageTitle("Settings");
  if (settings.error) return <p className="govuk-body">{errorMessage(settings.error)}</p>;
  if (!settings.data || !me.data) return <p className="govuk-body">Loading the settings…</p>;
  return (
    <>
      <h1 className="govuk-heading-l">Settings</h1>
      {me.data.isAdmin ? (
        <>
          <SettingsForm settings={settings.data} />
          <LogoForm />
        </>
      ) : (
        <>
          <p className="govuk-body">Only an administrator can change these.</p>
          <SummaryList
            rows={[
              { key: "Department", value: settings.data.letterhead.department },
              { key: "Address", value: settings.data.letterhead.address.join(", ") },
              {
                key: "Signature",
                value: `${settings.data.letterhead.signatureName}, ${settings.data.letterhead.signatureRole}`,
              },
              {
                key: "Approvers",
                value:
                  settings.data.approverGroups.length > 0
                    ? `Administrators and people in ${settings.data.approverGroups.join(", ")}`
                    : "Administrators",
              },
              { key: "Working days to a deadline", value: settings.data.workingDays },
            ]}
          />
        </>
      )}
    </>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const client = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useSchemaForm(settingsForm, {
    defaultValues: {
      ...settings.letterhead,
      address: settings.letterhead.address.join("\n"),
      approverGroups: settings.approverGroups.join("\n"),
      workingDays: String(settings.workingDays),
    },
  });
  const submit = form.submitTo(async (values) => {
    setSaved(false);
    await api.put(
      "/settings",
      {
        letterhead: {
          department: values.department,
          address: listOf(values.address),
          signatureName: values.signatureName,
          signatureRole: values.signatureRole,
        },
        approverGroups: listOf(values.approverGroups),
        workingDays: values.workingDays,
      },
      settingsSchema,
    );
    await client.invalidateQueries({ queryKey: ["settings"] });
    await client.invalidateQueries({ queryKey: ["me"] });
    setSaved(true);
  }, "department");
  return (
    <>
      <ErrorSummary errors={form.summary} />
      {saved && <NotificationBanner type="success">The settings are saved.</NotificationBanner>}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <h2 className="govuk-heading-m">Letterhead</h2>
        <TextInput label="Department's name" {...form.field("department")} />
        <Textarea label="Address" hint="One line each." rows={4} {...form.field("address")} />
        <TextInput label="Name to sign with" {...form.field("signatureName")} />
        <TextInput label="Role under the signature" {...form.field("signatureRole")} />
        <h2 className="govuk-heading-m">Approval</h2>
        <Textarea
          label="Groups whose members approve replies"
          hint="Portal groups, one a line. Administrators can always approve."
          rows={3}
          {...form.field("approverGroups")}
        />
        <h2 className="govuk-heading-m">Deadlines</h2>
        <TextInput
          label="Working days to reply"
          hint="Counted from the day after a letter arrives; weekends and bank holidays in England and Wales are left out."
          inputMode="numeric"
          className="govuk-input--width-3"
          {...form.field("workingDays")}
        />
        <Button type="submit" preventDoubleClick>
          Save settings
        </Button>
      </form>
    </>
  );
}

/** The logo on the letterhead: a PNG or JPEG picture, drawn at the top of every Word letter. */
function LogoForm() {
  const client = useQueryClient();
  const { data } = useQuery(queries.logo());
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const change = async (work: () => Promise<unknown>, success: string) => {
    setProblem(undefined);
    setDone(undefined);
    try {
      await work();
      await client.invalidateQueries({ queryKey: ["settings", "logo"] });
      setDone(success);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  const logo = data?.logo;
  return (
    <>
      <h2 className="govuk-heading-m">Logo</h2>
      <ErrorSummary errors={problem ? [{ href: "#logo", text: problem }] : []} />
      {done && <NotificationBanner type="success">{done}</NotificationBanner>}
      <p className="govuk-body">
        {logo
          ? `The letterhead has a ${logo.format === "png" ? "PNG" : "JPEG"} logo, ${logo.width} by ${logo.height} pixels. Word letters show it at the top, at most about 5 cm wide.`
          : "The letterhead has no logo yet."}
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const file = (event.currentTarget.elements.namedItem("logo") as HTMLInputElement)
            .files?.[0];
          if (!file) {
            setProblem("Select the logo's picture");
            return;
          }
          const form = new FormData();
          form.set("file", file);
          void change(
            () => api.upload("/settings/logo", form, currentLogoSchema),
            "The logo is saved.",
          );
        }}
      >
        <FileUpload
          id="logo"
          name="logo"
          label={logo ? "Upload a new logo" : "Upload the logo"}
          hint="A PNG or JPEG picture, up to 1 MB."
          accept=".png,.jpg,.jpeg,image/png,image/jpeg"
          error={problem}
        />
        <div className="govuk-button-group">
          <Button type="submit" variant="secondary" preventDoubleClick>
            Save the logo
          </Button>
          {logo && (
            <Button
              variant="warning"
              onClick={() =>
                void change(
                  () => api.delete("/settings/logo", currentLogoSchema),
                  "The logo is removed.",
                )
              }
            >
              Remove the logo
            </Button>
          )}
        </div>
      </form>
    </>
  );
}
