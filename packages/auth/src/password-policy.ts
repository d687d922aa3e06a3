import { COMMON_PASSWORDS } from "./common-passwords.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Checks a new password the way NCSC guidance recommends: length over complexity (no rules
 * about symbols or capitals), and a deny list of common and predictable passwords.
 * Returns what is wrong, in words a person can act on; an empty list means it is acceptable.
 */
export function passwordProblems(
  password: string,
  context: { email?: string; serviceName?: string } = {},
): string[] {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [
      `Use at least ${MIN_PASSWORD_LENGTH} characters. Three random words together work well.`,
    ];
  }
  if (password.length > MAX_PASSWORD_LENGTH)
    return [`Use ${MAX_PASSWORD_LENGTH} characters or fewer.`];

  const lower = password.toLowerCase();
  const base = lower.replace(/[^a-z]+$/, "").replace(/^[^a-z]+/, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(base)) {
    return [
      "This password is one of the most common ones, so it is easy to guess. Choose another.",
    ];
  }
  if (isPredictable(lower)) {
    return [
      "This password is a repeated or simple sequence of characters, so it is easy to guess. Choose another.",
    ];
  }
  const personal = [context.email?.split("@")[0], context.serviceName].filter(
    (word): word is string => !!word && word.length >= 4,
  );
  if (personal.some((word) => lower.includes(word.toLowerCase()))) {
    return [
      "Do not include your name, email address or the name of this service in your password.",
    ];
  }
  return [];
}

/** One character repeated, or a run along the alphabet, the digits or the keyboard. */
function isPredictable(password: string): boolean {
  if (new Set(password).size <= 2) return true;
  const sequences = ["abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm"];
  const forwardsOrBackwards = sequences.flatMap((sequence) => [
    sequence,
    [...sequence].reverse().join(""),
  ]);
  return forwardsOrBackwards.some((sequence) => {
    for (let start = 0; start + password.length <= sequence.length; start++) {
      if (sequence.slice(start, start + password.length) === password) return true;
    }
    return false;
  });
}
