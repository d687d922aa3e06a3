import { Button, Table, TextInput, ApiError, type PortalSession, errorMessage } from "@bernard/ui";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { createGroup, listGroups, type Group } from "./api.js";

/** The groups on the Users page: what exists, and a form to add one. */
export function GroupsSection({
  session,
  onChange,
}: {
  session: PortalSession;
  onChange: () => void;
}) {
  const [groups, setGroups] = useState<Group[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();

  const refresh = useCallback(() => {
    listGroups().then(setGroups, () => setGroups([]));
  }, []);
  useEffect(refresh, [refresh]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createGroup(session.csrfToken, name);
      setName("");
      setError(undefined);
      refresh();
      onChange();
    } catch (problem) {
      setError(
        problem instanceof ApiError
          ? (problem.fields[0]?.message ?? problem.message)
          : errorMessage(problem),
      );
    }
  };

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
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error}
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
