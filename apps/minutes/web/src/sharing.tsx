import type { Sharing } from "@bernard/minutes-contract";
import { Checkboxes, useQuery } from "@bernard/ui";
import { queries } from "./api.js";

const EVERYONE = "everyone";

/** Who besides its owner may see a meeting: everyone who uses the summariser, or the owner's groups. */
export function SharingChoices({
  value,
  onChange,
}: {
  value: Sharing;
  onChange: (sharing: Sharing) => void;
}) {
  const groups = useQuery(queries.me()).data?.groups ?? [];
  const listed = [...new Set([...groups, ...value.sharedWith])];
  return (
    <Checkboxes
      name="sharing"
      legend="Who else can see the meeting and comment on its minutes?"
      hint="You can always see it. With nothing chosen, only you can."
      options={[
        ...listed.map((group) => ({ value: group, text: `People in ${group}` })),
        { value: EVERYONE, text: "Everyone who uses the minute summariser" },
      ]}
      value={[...value.sharedWith, ...(value.openToEveryone ? [EVERYONE] : [])]}
      onChange={(chosen) =>
        onChange({
          openToEveryone: chosen.includes(EVERYONE),
          sharedWith: chosen.filter((choice) => choice !== EVERYONE),
        })
      }
    />
  );
}

export function describeSharing(sharing: Sharing): string {
  if (sharing.openToEveryone) return "Everyone who uses the minute summariser";
  if (sharing.sharedWith.length === 0) return "Only its owner";
  return `Its owner and people in ${sharing.sharedWith.join(", ")}`;
}
