import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { modelEnvironment, modelSettings, type ModelSettings } from "@bernard/llm";
import { parseEnvironment } from "@bernard/toolkit";
import { z } from "zod";
import type { ToolEndpoint } from "./services/tool-registry.js";

/** Every variable the portal reads; the launcher passes on these and no others of its own. */
export const environment = modelEnvironment.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// connection string"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BERNARD_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  BERNARD_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  BERNARD_COOKIE_SECURE: z.enum(["true", "false"]).default("true"),
  BERNARD_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value, context) => parseTrustedProxies(value, context)),
  BERNARD_TOOLS: z
    .string()
    .default("")
    .transform((value, context) => parseTools(value, context)),
  BERNARD_TOOLS_CA: z
    .string()
    .min(1)
    .optional()
    .transform((file, context) =>
      file === undefined ? undefined : readCertificates(file, context),
    ),
  BERNARD_OIDC_ISSUER: z
    .string()
    .url("BERNARD_OIDC_ISSUER must be the provider's issuer URL")
    .optional(),
  BERNARD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  BERNARD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  BERNARD_OIDC_SCOPES: z.string().default("openid email profile"),
  BERNARD_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  BERNARD_OIDC_LABEL: z.string().min(1).max(60).default("your organisation's account"),
  BERNARD_LLM_EMBEDDING_MODEL: z.string().min(1).default("text-embedding-3-small"),
  BERNARD_LLM_TRANSCRIPTION_MODEL: z.string().min(1).default("whisper-1"),
  BERNARD_LLM_USER_DAILY_TOKENS: z.coerce.number().int().positive().default(1_000_000),
  BERNARD_LLM_TOOL_DAILY_TOKENS: z.coerce.number().int().positive().default(20_000_000),
  BERNARD_PUBLIC_URL: z
    .string()
    .url("BERNARD_PUBLIC_URL must be the address people open, like https://bernard.example.gov.uk")
    .optional(),
});

export interface PortalConfig {
  port: number;
  host: string;
  database: { url: string; schema: string };
  webRoot: string;
  logLevel: string;
  sessions: { idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  /** The address people open; it names the issuer of user tokens. */
  publicUrl: string;
  /**
   * The load balancers or reverse proxies in front of the portal (BERNARD_TRUSTED_PROXIES), whose
   * X-Forwarded-For names the client's address; nobody's by default.
   */
  trustedProxies: string[];
  /** The tools behind the gateway (BERNARD_TOOLS). */
  tools: ToolEndpoint[];
  /**
   * Certificate authorities (PEM) trusted for tools reached over HTTPS, besides Node's own
   * (BERNARD_TOOLS_CA: a file); a tool whose certificate none of them signed is refused.
   */
  toolsCa?: string | undefined;
  /** Single sign-on through an OpenID Connect provider, when configured. */
  oidc?: SingleSignOnConfig | undefined;
  /** The model provider behind the LLM gateway, and its limits. */
  llm: LlmGatewayConfig;
}

export interface LlmGatewayConfig extends ModelSettings {
  embeddingModel: string;
  transcriptionModel: string;
  /** Daily token allowances unless an admin sets others. */
  userDailyTokens: number;
  toolDailyTokens: number;
}

export interface SingleSignOnConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  groupsClaim: string;
  /** Completes "Sign in with …" on the sign-in page. */
  label: string;
}

function singleSignOn(values: z.output<typeof environment>): SingleSignOnConfig | undefined {
  const issuer = values.BERNARD_OIDC_ISSUER;
  if (!issuer) return undefined;
  const { BERNARD_OIDC_CLIENT_ID: clientId, BERNARD_OIDC_CLIENT_SECRET: clientSecret } = values;
  if (!clientId || !clientSecret) {
    throw new Error(
      "The portal cannot start: BERNARD_OIDC_ISSUER is set, so BERNARD_OIDC_CLIENT_ID and BERNARD_OIDC_CLIENT_SECRET are needed too.",
    );
  }
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: values.BERNARD_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
    groupsClaim: values.BERNARD_OIDC_GROUPS_CLAIM,
    label: values.BERNARD_OIDC_LABEL,
  };
}

const TOOL_ENTRY = /^([a-z][a-z0-9-]{1,30})=(https?:\/\/\S+)$/;

/** `id=url` pairs separated by commas, e.g. `consult=http://127.0.0.1:3101`. */
function parseTools(value: string, context: z.RefinementCtx): ToolEndpoint[] {
  const tools: ToolEndpoint[] = [];
  for (const entry of value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = TOOL_ENTRY.exec(entry);
    if (!match || !URL.canParse(match[2]!)) {
      context.addIssue({
        code: "custom",
        message: `"${entry}" should look like consult=http://127.0.0.1:3101 (a tool id, "=", its address)`,
      });
      continue;
    }
    tools.push({ id: match[1]!, url: match[2]! });
  }
  return tools;
}

/** proxy-addr's names for the private ranges, besides addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** Addresses and CIDR ranges separated by commas, e.g. `10.0.0.0/8, 192.0.2.7`. */
function parseTrustedProxies(value: string, context: z.RefinementCtx): string[] {
  const proxies = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  for (const proxy of proxies) {
    if (!isAddressOrRange(proxy)) {
      context.addIssue({
        code: "custom",
        message: `"${proxy}" is not an IP address or CIDR range: list your load balancers' addresses, like 10.0.0.0/8 or 192.0.2.7, separated by commas`,
      });
    }
  }
  return proxies;
}

function readCertificates(file: string, context: z.RefinementCtx): string {
  try {
    const pem = readFileSync(file, "utf8");
    if (pem.includes("-----BEGIN CERTIFICATE-----")) return pem;
  } catch {
    // reported below
  }
  context.addIssue({
    code: "custom",
    message: `BERNARD_TOOLS_CA must be a readable file of PEM certificates: ${file} is not`,
  });
  return z.NEVER;
}

function isAddressOrRange(proxy: string): boolean {
  if (PROXY_RANGE_NAMES.has(proxy)) return true;
  const [address = "", prefix, ...rest] = proxy.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The portal's settings, read once from the environment at start-up; a bad value stops it with the reason. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  const values = parseEnvironment(environment, env, "The portal");
  return {
    port: values.PORT,
    host: values.HOST,
    database: { url: values.DATABASE_URL, schema: "portal" },
    webRoot: path.resolve(import.meta.dirname, "../../web/dist"),
    logLevel: values.LOG_LEVEL,
    tools: values.BERNARD_TOOLS,
    toolsCa: values.BERNARD_TOOLS_CA,
    trustedProxies: values.BERNARD_TRUSTED_PROXIES,
    oidc: singleSignOn(values),
    llm: {
      ...modelSettings(values),
      embeddingModel: values.BERNARD_LLM_EMBEDDING_MODEL,
      transcriptionModel: values.BERNARD_LLM_TRANSCRIPTION_MODEL,
      userDailyTokens: values.BERNARD_LLM_USER_DAILY_TOKENS,
      toolDailyTokens: values.BERNARD_LLM_TOOL_DAILY_TOKENS,
    },
    publicUrl: values.BERNARD_PUBLIC_URL ?? `http://${values.HOST}:${values.PORT}`,
    sessions: {
      idleMinutes: values.BERNARD_SESSION_IDLE_MINUTES,
      absoluteHours: values.BERNARD_SESSION_MAX_HOURS,
      secureCookie: values.BERNARD_COOKIE_SECURE === "true",
    },
  };
}
