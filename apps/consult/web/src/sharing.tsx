import type { Sharing } from "@bernard/consult-contract";
import { Checkboxes, useQuery } from "@bernard/ui";
import { queries } from "./api.js";

const EVERYONE = "everyone";

/** Who besides its owner may see a consultation: everyone who uses the sorter, or the owner's groups. */
export function SharingChoices({
  value,
  onChange,
}: {
  value: Sharing;
  onChange: (sharing: Sharing) => void;
}) {
  const groups = useQuery(queries.me()).data?.groups ?? [];
  // Groups it is already shared with stay listed, even if the owner has since left them.
  const listed = [...new Set([...groups, ...value.sharedWith])];
  return (
    <Checkboxes
      name="sharing"
      legend="Who else can see and work on it?"
      hint="You can always see it. With nothing chosen, only you can."
      options={[
        ...listed.map((group) => ({ value: group, text: `People in ${group}` })),
        { value: EVERYONE, text: "Everyone who uses the consultation sorter" },
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

/** Who can see a consultation, in words. */
export function describeSharing(sharing: Sharing): string {
  if (sharing.openToEveryone) return "Everyone who uses the consultation sorter";
  if (sharing.sharedWith.length === 0) return "Only its owner";
  return `Its owner and people in ${sharing.sharedWith.join(", ")}`;
}
