/**
 * Passwords (and bases of passwords) seen most often in published breach analyses, lower-case.
 * A password is refused if it is one of these, or one of these with digits or symbols added.
 */
// prettier-ignore
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456", "1234567", "12345678", "123456789", "1234567890", "0987654321", "111111", "000000",
  "121212", "123123", "654321", "666666", "696969", "112233", "password", "passw0rd", "p@ssword",
  "p@ssw0rd", "password1", "qwerty", "qwertyuiop", "qwerty123", "asdfgh", "asdfghjkl", "zxcvbn",
  "zxcvbnm", "1q2w3e4r", "1qaz2wsx", "abc123", "abcdef", "letmein", "welcome", "welcome1",
  "iloveyou", "admin", "administrator", "login", "master", "monkey", "dragon", "football",
  "baseball", "soccer", "liverpool", "arsenal", "chelsea", "princess", "sunshine", "shadow",
  "superman", "batman", "trustno1", "starwars", "whatever", "freedom", "secret", "changeme",
  "default", "guest", "test", "testing", "summer", "winter", "spring", "autumn", "january",
  "london", "england", "britain", "qazwsx", "michael", "charlie", "jennifer", "jordan",
  "hunter", "ranger", "buster", "tigger", "pokemon", "computer", "internet", "mustang",
  "access", "hello", "flower", "cheese", "killer", "pepper", "ginger", "matrix", "thomas",
  "government", "civilservice", "whitehall", "department", "ministry", "council",
]);
