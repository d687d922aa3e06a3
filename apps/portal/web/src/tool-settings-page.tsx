import { toolSettingsBody, type ManagedTool } from "@bernard/portal-contract";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PageNotFound,
  Radios,
  Select,
  TextInput,
  errorMessage,
  isNotFound,
  useMutation,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { z } from "zod";
import { actions, queries } from "./api.js";
import { NoGroupsYet } from "./groups-section.js";
import { FORM_OPTIONS, PortalPage } from "./portal-page.js";
import { Link } from "@tanstack/react-router";

/** Where the error summary links to: radios and checkboxes by their first option. */
const fieldAnchor = (field: string) =>
  field === "enabled" || field === "groupIds" ? `#${field}-1` : `#${field}`;

/** The model choice that leaves the tool on the installation's default. */
const DEFAULT_MODEL = "";

/** The form as the page shows it, read into the settings the API takes. */
const settingsForm = z
  .object({
    enabled: z.enum(["on", "off"]),
    audience: z.enum(["everyone", "groups"]),
    groupIds: z.array(z.string()),
    llmModel: z.string(),
    llmDailyTokens: z
      .string()
      .transform((typed) => typed.replaceAll(",", "").trim())
      .refine(
        (typed) => typed === "" || /^\d+$/.test(typed),
        "Enter the daily allowance as a whole number of tokens, like 500000, or leave it empty",
      )
      .transform((typed) => (typed === "" ? null : Number(typed)))
      .pipe(toolSettingsBody.shape.llmDailyTokens.unwrap()),
  })
  .transform(({ enabled, audience, groupIds, llmModel, llmDailyTokens }) => ({
    enabled: enabled === "on",
    openToEveryone: audience === "everyone",
    groupIds: audience === "everyone" ? [] : groupIds,
    llmModel: llmModel === DEFAULT_MODEL ? null : llmModel,
    llmDailyTokens,
  }));

const formValues = (tool: ManagedTool): z.input<typeof settingsForm> => ({
  enabled: tool.enabled ? "on" : "off",
  audience: tool.openToEveryone ? "everyone" : "groups",
  groupIds: tool.groups.map((group) => group.id),
  llmModel: tool.llmModel ?? DEFAULT_MODEL,
  llmDailyTokens: tool.llmDailyTokens === null ? "" : String(tool.llmDailyTokens),
});

/** Admins switch one tool on or off and choose who may use it. */
export function ToolSettingsPage({ toolId }: { toolId: string }) {
  const queryClient = useQueryClient();
  const toolQuery = useQuery({ ...queries.tool(toolId), throwOnError: false });
  const tool = toolQuery.data;
  const groups = useQuery(queries.groups).data ?? [];
  const models = useQuery(queries.modelSettings).data;
  const form = useSchemaForm(settingsForm, {
    ...FORM_OPTIONS,
    values: tool && formValues(tool),
    // The saved settings come back; anything typed since is kept.
    resetOptions: { keepDirtyValues: true },
  });
  const save = useMutation({
    mutationFn: (settings: z.output<typeof settingsForm>) => actions.changeTool(toolId, settings),
    onSuccess: async (saved) => {
      queryClient.setQueryData(queries.tool(toolId).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: queries.tools.queryKey, exact: true });
    },
  });
  const submit = form.submitTo(async (settings) => {
    await save.mutateAsync(settings);
  }, "enabled");
  const audience = form.watch("audience");

  if (isNotFound(toolQuery.error)) {
    return (
      <PortalPage title="Page not found">
        <PageNotFound home={{ href: "/admin/tools", text: "See every tool" }} />
      </PortalPage>
    );
  }
  return (
    <PortalPage title={tool?.name ?? "Tool"}>
      <Link to="/admin/tools" className="govuk-back-link">
        Back to tools
      </Link>
      <ErrorSummary
        errors={form.problems.map((problem) => ({
          href: fieldAnchor(problem.field),
          text: problem.message,
        }))}
      />
      {save.isSuccess && tool && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">
            {tool.name} is {tool.enabled ? "switched on" : "switched off"} for{" "}
            {tool.openToEveryone ? "everyone" : tool.groups.map((group) => group.name).join(", ")}.
          </p>
        </NotificationBanner>
      )}
      {toolQuery.isError && <p className="govuk-body">{errorMessage(toolQuery.error)}</p>}
      {tool && models && (
        <>
          <span className="govuk-caption-l">{tool.id}</span>
          <h1 className="govuk-heading-l">{tool.name}</h1>
          <p className="govuk-body">{tool.description}</p>
          <form noValidate onSubmit={(event) => void submit(event)}>
            <Radios
              name="enabled"
              legend="Is this tool switched on?"
              hint="When it is off, it disappears from everyone's home page and its pages cannot be opened."
              value={[form.watch("enabled")]}
              onChange={([chosen]) => form.setValue("enabled", chosen === "off" ? "off" : "on")}
              error={form.errorFor("enabled")}
              options={[
                { value: "on", text: "On" },
                { value: "off", text: "Off" },
              ]}
            />
            <Radios
              name="audience"
              legend="Who can use it?"
              value={[audience]}
              onChange={([chosen]) =>
                form.setValue("audience", chosen === "groups" ? "groups" : "everyone")
              }
              options={[
                { value: "everyone", text: "Everyone who can sign in" },
                { value: "groups", text: "Only people in the groups I choose" },
              ]}
            />
            {audience === "groups" &&
              (groups.length === 0 ? (
                <NoGroupsYet />
              ) : (
                <Checkboxes
                  name="groupIds"
                  legend="Which groups?"
                  hint="Select all that apply."
                  value={form.watch("groupIds")}
                  onChange={(chosen) => form.setValue("groupIds", chosen)}
                  error={form.errorFor("groupIds")}
                  options={groups.map((group) => ({ value: group.id, text: group.name }))}
                />
              ))}
            <h2 className="govuk-heading-m">AI model</h2>
            <Select
              id="llmModel"
              label="Model this tool uses"
              hint={
                models.provider
                  ? "Models your provider offers that admins may choose."
                  : "No model provider is configured, so the tool works without one for now."
              }
              {...form.register("llmModel")}
              error={form.errorFor("llmModel")}
              options={[
                { value: DEFAULT_MODEL, text: `Default (${models.models[0]})` },
                ...models.models.map((model) => ({ value: model, text: model })),
              ]}
            />
            <TextInput
              id="llmDailyTokens"
              label="Tokens this tool may use per day, for everyone together"
              hint="Leave empty for the installation's default."
              inputMode="numeric"
              spellCheck={false}
              className="govuk-input--width-10"
              {...form.register("llmDailyTokens")}
              error={form.errorFor("llmDailyTokens")}
            />
            <Button type="submit">Save</Button>
          </form>
        </>
      )}
    </PortalPage>
  );
}
