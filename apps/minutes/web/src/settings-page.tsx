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

/** The admin's setting: how long transcripts are kept after upload. */
export function SettingsPage() {
  const { data: me } = useQuery(queries.me());
  const { data: retention } = useQuery(queries.retention());
  const action = useAction(["settings"], ["meeting"]);
  const [chosen, setValue] = useState<Retention["transcripts"]>();
  const value = chosen ?? retention?.transcripts;
  usePageTitle("Settings");
  return (
    <>
      <ErrorSummary
        errors={action.problem ? [{ href: "#retention-0", text: action.problem }] : []}
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
              () => api.put("/settings/retention", { transcripts: value }, retentionSchema),
              "The retention setting was saved.",
            );
          }}
        >
          <Radios
            name="retention"
            legend="How long are transcripts kept after they are uploaded?"
            hint="A daily job deletes transcripts older than this; the minutes stay, with their turn numbers. Every deletion is in the meeting's change log."
            options={RETENTION.map((option) => ({ value: option, text: RETENTION_WORDS[option] }))}
            value={[value]}
            onChange={([chosen]) => setValue(chosen as Retention["transcripts"])}
          />
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
