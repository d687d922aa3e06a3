import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { SharingFields, describeSharing, type ChoiceProps, type Sharing } from "../src/index.js";

const fields = (value: Sharing, onChange: (sharing: Sharing) => void = () => {}) => (
  <SharingFields
    toolName="Consultation sorter"
    legend="Who else can see and work on it?"
    groups={["Policy", "Analysis"]}
    value={value}
    onChange={onChange}
  />
);

describe("<SharingFields>", () => {
  it("offers the person's groups, groups it is still shared with, and everyone who uses the tool", () => {
    const html = renderToStaticMarkup(fields({ openToEveryone: false, sharedWith: ["Old team"] }));
    const labels = [...html.matchAll(/<label[^>]*>([^<]*)<\/label>/g)].map((match) => match[1]);
    expect(labels).toEqual([
      "People in Policy",
      "People in Analysis",
      "People in Old team",
      "Everyone who uses the consultation sorter",
    ]);
    expect(html).toMatch(/checked="" value="Old team"/);
    expect(html).not.toMatch(/checked="" value="everyone"/);
    expect(html).toContain("You can always see it. With nothing chosen, only you can.");
  });

  it("turns the boxes ticked into who it is shared with", () => {
    const onChange = vi.fn();
    // SharingFields holds no state: what it renders is the checkboxes, whose onChange we call.
    const checkboxes = SharingFields(
      fields({ openToEveryone: false, sharedWith: [] }, onChange).props,
    );
    (checkboxes.props as ChoiceProps).onChange(["Policy", "everyone"]);
    expect(onChange).toHaveBeenCalledWith({ openToEveryone: true, sharedWith: ["Policy"] });
  });
});

describe("describeSharing", () => {
  it("says who can see it in words, with the tool's name", () => {
    expect(
      describeSharing({ openToEveryone: true, sharedWith: ["Policy"] }, "Letter drafter"),
    ).toBe("Everyone who uses the letter drafter");
    expect(describeSharing({ openToEveryone: false, sharedWith: [] }, "Letter drafter")).toBe(
      "Only its owner",
    );
    expect(
      describeSharing({ openToEveryone: false, sharedWith: ["Policy", "Press"] }, "Letter drafter"),
    ).toBe("Its owner and people in Policy, Press");
  });
});
