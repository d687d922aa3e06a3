import { createMemoryHistory, createRoute, isNotFound } from "@tanstack/react-router";
import { describe, expect, it } from "vitest";
import { createToolRoutes, doneSearch, onlyUuidParams } from "../src/index.js";

const TOOL = {
  name: "Minute summariser",
  basePath: "/tools/minutes/",
  navigation: { "": "Meetings" },
};
const ID = "0b5c1a52-7f3e-4c1e-9d55-2f8f3c9a1b2e";

const notFoundFrom = (run: () => void): boolean => {
  try {
    run();
    return false;
  } catch (error) {
    return isNotFound(error);
  }
};

describe("onlyUuidParams", () => {
  it("lets a page about a UUID load, and makes any other value of any parameter not found", () => {
    expect(notFoundFrom(() => onlyUuidParams({ params: { id: ID, themeId: ID } }))).toBe(false);
    expect(notFoundFrom(() => onlyUuidParams({ params: { id: "made-up" } }))).toBe(true);
    expect(notFoundFrom(() => onlyUuidParams({ params: { id: ID, themeId: "1" } }))).toBe(true);
  });
});

describe("doneSearch", () => {
  it("reads only the keys the page has a message for", () => {
    const validate = doneSearch({ details: "The meeting's details were saved." });
    expect(validate({ done: "details" })).toEqual({ done: "details" });
    expect(validate({ done: "deleted" })).toEqual({});
    expect(validate({ done: "toString" })).toEqual({});
    expect(validate({ done: ["details"] })).toEqual({});
    expect(validate({})).toEqual({});
  });
});

describe("createToolRoutes", () => {
  /** The tool's router with one page about a meeting, opened at `address`. */
  const openAt = async (address: string) => {
    const { root, createRouter } = createToolRoutes(TOOL);
    const meeting = createRoute({
      getParentRoute: () => root,
      path: "/m/$id",
      beforeLoad: onlyUuidParams,
    });
    const router = createRouter(root.addChildren([meeting]));
    router.update({
      ...router.options,
      history: createMemoryHistory({ initialEntries: [address] }),
    });
    await router.load();
    return router.state;
  };

  it("routes the addresses below the tool's base path to its pages", async () => {
    const state = await openAt(`/tools/minutes/m/${ID}`);
    expect(state.location.pathname).toBe(`/m/${ID}`);
    expect(state.matches.map((match) => [match.routeId, match.status])).toEqual([
      ["__root__", "success"],
      ["/m/$id", "success"],
    ]);
    expect(state.matches[0]?.error).toBeUndefined();
  });

  it("shows no page for a made-up ID, or for an address the tool does not have", async () => {
    // The page's check hands "not found" to the root, which shows "Page not found".
    const madeUp = await openAt("/tools/minutes/m/made-up");
    expect(isNotFound(madeUp.matches[0]?.error)).toBe(true);
    expect(madeUp.matches[1]?.status).not.toBe("success");
    const elsewhere = await openAt("/tools/minutes/nowhere");
    expect(elsewhere.matches.map((match) => match.routeId)).toEqual(["__root__"]);
  });
});
