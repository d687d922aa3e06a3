import { newGroupBody } from "@bernard/portal-contract";
import {
  Button,
  Table,
  TextInput,
  useMutation,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { actions, queries } from "./api.js";
import { FORM_OPTIONS } from "./portal-page.js";

/** The groups on the Users page: what exists, and a form to add one. */
export function GroupsSection() {
  const queryClient = useQueryClient();
  const groups = useQuery(queries.groups).data ?? [];
  // The Users page has its own "name" field (an invitation's), so this control is `group-name`;
  // its problem shows beside it only.
  const form = useSchemaForm(newGroupBody, { ...FORM_OPTIONS, defaultValues: { name: "" } });
  const create = useMutation({
    mutationFn: actions.createGroup,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queries.groups.queryKey }),
        queryClient.invalidateQueries({ queryKey: queries.users.queryKey }),
      ]),
  });
  const add = form.submitTo(async (input) => {
    await create.mutateAsync(input);
    form.reset();
  }, "name");

  return (
    <>
      <h2 className="govuk-heading-m" id="groups">
        Groups
      </h2>
      {groups.length > 0 ? (
        <Table
          caption="Groups and how many people are in each"
          rowKey={(group) => group.id}
          rows={groups}
          columns={[
            { header: "Group", cell: (group) => group.name },
            { header: "Members", cell: (group) => group.members, numeric: true },
          ]}
        />
      ) : (
        <p className="govuk-body">There are no groups yet.</p>
      )}
      <form noValidate onSubmit={(event) => void add(event)}>
        <TextInput
          id="group-name"
          label="Name of a new group"
          hint="A team or department, for example Policy team"
          value={form.watch("name")}
          onChange={(event) => form.setValue("name", event.target.value)}
          error={form.errorFor("name")}
        />
        <Button type="submit" variant="secondary">
          Add group
        </Button>
      </form>
    </>
  );
}

/** Where a page would offer groups to choose from, and there are none. */
export function NoGroupsYet() {
  return (
    <p className="govuk-body">
      There are no groups yet.{" "}
      <a className="govuk-link" href="/admin/users#groups">
        Create one on the Users page
      </a>
      .
    </p>
  );
}
