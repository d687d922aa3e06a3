import { RETENTION, retentionSchema, type Retention } from "@bernard/minutes-contract";
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  Radios,
  useQuery,
  usePageTitle,
} from "@bernard/ui";
import { useState } from "react";
import { api, queries, RETENTION_WORDS } from "./api.js";
import { useAction } from "./use-action.js";

/** Each retention setting, as the page asks it. */
const SETTINGS: { setting: keyof Retention; legend: string; hint: string }[] = [
  {
    setting: "transcripts",
    legend: "How long are transcripts and recordings kept after they are uploaded?",
    hint: "A daily job deletes transcripts older than this; the minutes stay, with their turn numbers. Every deletion is in the meeting's change log.",
  },
  {
    setting: "agreedMinutes",
    legend: "How long are meetings kept after their minutes are agreed?",
    hint: "The same daily job deletes the meeting, its minutes, versions and comments this long after the chair agreed them. What it deleted stays in the tool's change log.",
  },
];

const OPTIONS = RETENTION.map((option) => ({ value: option, text: RETENTION_WORDS[option] }));

/** The admin's settings: how long transcripts are kept after upload, and agreed minutes after agreement. */
export function SettingsPage() {
  const { data: me } = useQuery(queries.me());
  const { data: retention } = useQuery(queries.retention());
  const action = useAction(["settings"], ["meeting"]);
  const [chosen, setChosen] = useState<Partial<Retention>>({});
  const value = retention && { ...retention, ...chosen };
  const choose = (setting: keyof Retention) => (picked: string[]) =>
    setChosen({ ...chosen, [setting]: picked[0] as Retention[keyof Retention] });
  usePageTitle("Settings");
  return (
    <>
      <ErrorSummary
        errors={action.problem ? [{ href: "#transcripts-0", text: action.problem }] : []}
      />
      {action.done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{action.done}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Settings</h1>
      {!me?.isAdmin && <p className="govuk-body">Only an admin can change these settings.</p>}
      {value && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void action.act(
              () => api.put("/settings/retention", value, retentionSchema),
              "The retention setting was saved.",
            );
          }}
        >
          {SETTINGS.map(({ setting, legend, hint }) => (
            <Radios
              key={setting}
              name={setting}
              legend={legend}
              hint={hint}
              options={OPTIONS}
              value={[value[setting]]}
              onChange={choose(setting)}
            />
          ))}
          {me?.isAdmin && (
            <Button type="submit" disabled={action.busy}>
              Save retention
            </Button>
          )}
        </form>
      )}
    </>
  );
}
