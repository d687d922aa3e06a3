import { randomBytes } from "node:crypto";
import { AppError } from "@bernard/toolkit";
import type { PortalDatabase } from "./database.js";
import { createUser } from "./users.js";

/**
 * On the first start (no accounts yet) creates an administrator, with the password given or a
 * generated one that is shown once. Returns lines for the launcher to print.
 */
export async function ensureFirstAdmin(
  db: PortalDatabase,
  options: { email: string; password: string | undefined },
): Promise<string[]> {
  if ((await db.user.count()) > 0) return [];
  const password = options.password ?? randomBytes(15).toString("base64url");
  const admin = await createUser(db, {
    email: options.email,
    name: "Administrator",
    role: "admin",
    password,
  }).catch((error: unknown) => {
    // The password policy refused the one given: say which setting to change, not a stack trace.
    if (options.password && error instanceof AppError && error.statusCode === 400) {
      throw new Error(
        `BERNARD_ADMIN_PASSWORD cannot be the first administrator's password: ${error.message} ` +
          "Choose another, or leave BERNARD_ADMIN_PASSWORD unset and Bernard will make one and show it once.",
      );
    }
    throw error;
  });
  return options.password
    ? [
        `Created the first administrator, ${admin.email}, with the password in BERNARD_ADMIN_PASSWORD.`,
      ]
    : [
        `Created the first administrator: sign in as ${admin.email} with the password ${password}`,
        "This password is shown only once. Change it after you sign in.",
      ];
}
