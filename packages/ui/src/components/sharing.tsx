import type { FieldValues, UseFormReturn } from "react-hook-form";
import { Checkboxes } from "./forms.js";

/** Who besides its owner may see something a tool keeps (a consultation, a meeting, a case). */
export interface Sharing {
  openToEveryone: boolean;
  sharedWith: string[];
}

const EVERYONE = "everyone";

/** "Everyone who uses the consultation sorter", from the tool's name ("Consultation sorter"). */
const everyoneWhoUses = (toolName: string) => `Everyone who uses the ${toolName.toLowerCase()}`;

export interface SharingFieldsProps {
  value: Sharing;
  onChange: (sharing: Sharing) => void;
  /** The groups the person is in (from the tool's `/me`): they may share with those. */
  groups: readonly string[];
  /** The tool's name, as in its header ("Consultation sorter"). */
  toolName: string;
  legend: string;
  hint?: string;
}

/** Who besides its owner may see a thing: the owner's groups, or everyone who uses the tool. */
export function SharingFields({
  value,
  onChange,
  groups,
  toolName,
  legend,
  hint = "You can always see it. With nothing chosen, only you can.",
}: SharingFieldsProps) {
  // Groups it is already shared with stay listed, even if the owner has since left them.
  const listed = [...new Set([...groups, ...value.sharedWith])];
  return (
    <Checkboxes
      name="sharing"
      legend={legend}
      hint={hint}
      options={[
        ...listed.map((group) => ({ value: group, text: `People in ${group}` })),
        { value: EVERYONE, text: everyoneWhoUses(toolName) },
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

/**
 * `<SharingFields>`'s value and onChange for a form with `openToEveryone` and `sharedWith`
 * fields: `<SharingFields {...sharingFieldsOf(form)} … />`.
 */
export function sharingFieldsOf<Values extends FieldValues & Sharing, Context, Output>(
  form: UseFormReturn<Values, Context, Output>,
): Pick<SharingFieldsProps, "value" | "onChange"> {
  // The two fields are there by the type above; react-hook-form cannot see it through a generic.
  const sharingForm = form as unknown as UseFormReturn<Sharing>;
  const [openToEveryone, sharedWith] = sharingForm.watch(["openToEveryone", "sharedWith"]);
  return {
    value: { openToEveryone, sharedWith },
    onChange: (sharing) => {
      sharingForm.setValue("openToEveryone", sharing.openToEveryone);
      sharingForm.setValue("sharedWith", sharing.sharedWith);
    },
  };
}

/** Who can see a thing, in words. */
export function describeSharing(sharing: Sharing, toolName: string): string {
  if (sharing.openToEveryone) return everyoneWhoUses(toolName);
  if (sharing.sharedWith.length === 0) return "Only its owner";
  return `Its owner and people in ${sharing.sharedWith.join(", ")}`;
}
