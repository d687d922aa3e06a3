import {
  ApiError,
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PageNotFound,
  Radios,
  Select,
  TextInput,
  errorMessage,
  fieldProblems,
  type PortalSession,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import {
  changeTool,
  fetchModelSettings,
  fetchTool,
  listGroups,
  type Group,
  type ManagedTool,
  type ModelSettings,
} from "./api.js";
import { NoGroupsYet } from "./groups-section.js";
import { PortalPage } from "./portal-page.js";

const FIELDS = ["enabled", "groupIds", "llmModel", "llmDailyTokens"] as const;
type Field = (typeof FIELDS)[number];
/** Radios and checkboxes are linked to by their first option. */
const fieldAnchor = (field: Field) =>
  field === "enabled" || field === "groupIds" ? `#${field}-1` : `#${field}`;
const DEFAULT_MODEL = "";

/** Admins switch one tool on or off and choose who may use it. */
export function ToolSettingsPage({ session, toolId }: { session: PortalSession; toolId: string }) {
  const [tool, setTool] = useState<ManagedTool>();
  const [groups, setGroups] = useState<Group[]>([]);
  const [enabled, setEnabled] = useState("on");
  const [audience, setAudience] = useState("everyone");
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [models, setModels] = useState<ModelSettings>();
  const [llmModel, setLlmModel] = useState(DEFAULT_MODEL);
  const [dailyTokens, setDailyTokens] = useState("");
  const [problems, setProblems] = useState<{ field: Field; message: string }[]>([]);
  const [loadProblem, setLoadProblem] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState(false);

  const show = (found: ManagedTool) => {
    setTool(found);
    setEnabled(found.enabled ? "on" : "off");
    setAudience(found.openToEveryone ? "everyone" : "groups");
    setGroupIds(found.groups.map((group) => group.id));
    setLlmModel(found.llmModel ?? DEFAULT_MODEL);
    setDailyTokens(found.llmDailyTokens === null ? "" : String(found.llmDailyTokens));
  };
  useEffect(() => {
    Promise.all([fetchTool(toolId), listGroups(), fetchModelSettings()]).then(
      ([found, allGroups, modelSettings]) => {
        show(found);
        setGroups(allGroups);
        setModels(modelSettings);
      },
      (error: unknown) =>
        error instanceof ApiError && error.status === 404
          ? setMissing(true)
          : setLoadProblem(errorMessage(error)),
    );
  }, [toolId]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const tokens = dailyTokens.replaceAll(",", "").trim();
    if (tokens !== "" && !/^\d+$/.test(tokens)) {
      setSaved(false);
      setProblems([
        {
          field: "llmDailyTokens",
          message:
            "Enter the daily allowance as a whole number of tokens, like 500000, or leave it empty",
        },
      ]);
      return;
    }
    try {
      show(
        await changeTool(session.csrfToken, toolId, {
          enabled: enabled === "on",
          openToEveryone: audience === "everyone",
          groupIds: audience === "everyone" ? [] : groupIds,
          llmModel: llmModel === DEFAULT_MODEL ? null : llmModel,
          llmDailyTokens: tokens === "" ? null : Number(tokens),
        }),
      );
      setProblems([]);
      setSaved(true);
    } catch (error) {
      setSaved(false);
      setProblems(fieldProblems(error, FIELDS, "enabled"));
    }
  };
  const problemFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;

  if (missing) {
    return (
      <PortalPage session={session} title="Page not found">
        <PageNotFound home={{ href: "/admin/tools", text: "See every tool" }} />
      </PortalPage>
    );
  }
  return (
    <PortalPage session={session} title={tool?.name ?? "Tool"}>
      <a href="/admin/tools" className="govuk-back-link">
        Back to tools
      </a>
      <ErrorSummary
        errors={problems.map((problem) => ({
          href: fieldAnchor(problem.field),
          text: problem.message,
        }))}
      />
      {saved && tool && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">
            {tool.name} is {tool.enabled ? "switched on" : "switched off"} for{" "}
            {tool.openToEveryone ? "everyone" : tool.groups.map((group) => group.name).join(", ")}.
          </p>
        </NotificationBanner>
      )}
      {loadProblem && <p className="govuk-body">{loadProblem}</p>}
      {tool && (
        <>
          <span className="govuk-caption-l">{tool.id}</span>
          <h1 className="govuk-heading-l">{tool.name}</h1>
          <p className="govuk-body">{tool.description}</p>
          <form noValidate onSubmit={(event) => void save(event)}>
            <Radios
              name="enabled"
              legend="Is this tool switched on?"
              hint="When it is off, it disappears from everyone's home page and its pages cannot be opened."
              value={[enabled]}
              onChange={(value) => setEnabled(value[0] ?? "on")}
              error={problemFor("enabled")}
              options={[
                { value: "on", text: "On" },
                { value: "off", text: "Off" },
              ]}
            />
            <Radios
              name="audience"
              legend="Who can use it?"
              value={[audience]}
              onChange={(value) => setAudience(value[0] ?? "everyone")}
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
                  value={groupIds}
                  onChange={setGroupIds}
                  error={problemFor("groupIds")}
                  options={groups.map((group) => ({ value: group.id, text: group.name }))}
                />
              ))}
            {models && (
              <>
                <h2 className="govuk-heading-m">AI model</h2>
                <Select
                  id="llmModel"
                  name="llmModel"
                  label="Model this tool uses"
                  hint={
                    models.provider
                      ? "Models your provider offers that admins may choose."
                      : "No model provider is configured, so the tool works without one for now."
                  }
                  value={llmModel}
                  onChange={(event) => setLlmModel(event.target.value)}
                  error={problemFor("llmModel")}
                  options={[
                    { value: DEFAULT_MODEL, text: `Default (${models.models[0]})` },
                    ...models.models.map((model) => ({ value: model, text: model })),
                  ]}
                />
                <TextInput
                  id="llmDailyTokens"
                  name="llmDailyTokens"
                  label="Tokens this tool may use per day, for everyone together"
                  hint="Leave empty for the installation's default."
                  inputMode="numeric"
                  spellCheck={false}
                  className="govuk-input--width-10"
                  value={dailyTokens}
                  onChange={(event) => setDailyTokens(event.target.value)}
                  error={problemFor("llmDailyTokens")}
                />
              </>
            )}
            <Button type="submit">Save</Button>
          </form>
        </>
      )}
    </PortalPage>
  );
}
