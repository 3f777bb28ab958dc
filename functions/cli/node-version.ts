/**
 * The AWS SDK v3 warns, on every process that builds a client under Node < 22, that its releases after
 * early January 2027 will need Node 22 (`@aws-sdk/core`'s `emitWarningIfUnsupportedVersion`: a
 * `process.emitWarning` of a plain string, so the warning's name is `Warning` and its message starts
 * `NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)`; older releases said
 * `NodeDeprecationWarning:`). Eight lines before every command's output, about a future update: that one
 * notice is dropped, every other warning goes on to Node's own handler, and `gongkai doctor` says in one
 * line when the Node version matters.
 */

const SDK_NODE_NOTICE = /^Node(VersionSupport|Deprecation)Warning: The AWS SDK for JavaScript \(v3\)/;

/** The SDK's Node-version notice, and nothing else. */
export function isSdkNodeVersionNotice(warning: Error): boolean {
  if (SDK_NODE_NOTICE.test(warning.message)) return warning.name === "Warning";
  // The oldest releases passed the type as the warning's name.
  return (
    warning.name === "NodeDeprecationWarning" && warning.message.startsWith("The AWS SDK for JavaScript (v3)")
  );
}

/** Puts a filter in front of the process's warning listeners (Node's own printer among them). */
export function dropSdkNodeVersionNotice(target: NodeJS.Process = process): void {
  const listeners = target.listeners("warning");
  target.removeAllListeners("warning");
  target.on("warning", (warning: Error) => {
    if (isSdkNodeVersionNotice(warning)) return;
    for (const listener of listeners) listener(warning);
  });
}

/** The oldest Node gongkai runs on (package.json's engines), and the one the SDK will need. */
export const NODE_MINIMUM = { major: 20, minor: 19 } as const;
/** The Node major the SDK's releases after January 2027 need, and the Lambda runs. */
export const NODE_SDK_FUTURE_MAJOR = 22;

/** What `doctor` (and, below the minimum, every start) says about the Node version. */
export type NodeVerdict = { level: "ok" | "warn" | "fail"; line: string };

/** What to say about a Node version (`v20.20.2`): one line, and whether it matters. */
export function nodeVersionVerdict(version: string): NodeVerdict {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  if (major < NODE_MINIMUM.major || (major === NODE_MINIMUM.major && minor < NODE_MINIMUM.minor)) {
    return {
      level: "fail",
      line: `Node ${version} is older than the ${NODE_MINIMUM.major}.${NODE_MINIMUM.minor} gongkai needs: install Node ${NODE_SDK_FUTURE_MAJOR}`,
    };
  }
  if (major < NODE_SDK_FUTURE_MAJOR) {
    return {
      level: "warn",
      line: `Node ${version} works; the AWS SDK's releases after January 2027 need Node ${NODE_SDK_FUTURE_MAJOR} (the Lambda runs ${NODE_SDK_FUTURE_MAJOR}): upgrade before updating the SDK`,
    };
  }
  return { level: "ok", line: `Node ${version}` };
}
