/**
 * What the desk page is told about where it runs, served next to it as `config.json`: written by the local
 * stack from its endpoints, and on AWS by the deployment from the stacks' outputs. The page holds no
 * address of its own, so the same bundle runs in both places. Also the page's Content-Security-Policy,
 * which names exactly the origins the config does (the local stack and CloudFront send the same one).
 */

export interface DeskConfig {
  /** The desk API's base URL (`…/api/v1`). */
  api: string;
  /** The user pool's Cognito endpoint (`https://cognito-idp.{region}.amazonaws.com/`, or cognito-local) and the desk's app client. */
  cognito: { endpoint: string; clientId: string; region: string };
  /** The feed's base URL (what comes before `v1/`). */
  feed: string;
  /** The upload limit, in bytes: a larger file is refused in the browser as the pipeline would refuse it. */
  maxUploadBytes: number;
}

/** The config's name next to the page. */
export const DESK_CONFIG_FILE = "config.json";

/** Where the page is served: the same path locally and on the distribution. */
export const DESK_PATH = "/desk/";

/** The config as read from JSON, or why it cannot be used. */
export function parseDeskConfig(value: unknown): DeskConfig {
  const config = value as Partial<DeskConfig> | null;
  const url = (text: unknown) => typeof text === "string" && /^https?:\/\/\S+$/.test(text);
  if (
    !config ||
    !url(config.api) ||
    !url(config.feed) ||
    !url(config.cognito?.endpoint) ||
    typeof config.cognito?.clientId !== "string" ||
    typeof config.cognito?.region !== "string" ||
    typeof config.maxUploadBytes !== "number"
  ) {
    throw new Error(`${DESK_CONFIG_FILE} is incomplete: it needs api, feed, cognito and maxUploadBytes`);
  }
  return config as DeskConfig;
}

/**
 * The page's Content-Security-Policy: its own scripts and styles only (no inline code, no eval), and
 * connections to itself and to the `origins` it talks to — the desk API, Cognito, the uploads bucket (the
 * presigned POST) and the feed. No frames, plugins, or form posts anywhere.
 */
export function deskContentSecurityPolicy(origins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${origins.join(" ")}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** The origin (`scheme://host:port`) of a URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
