/**
 * What the pipeline sends to and receives from DynamoDB and S3, counted on the wire: requests by kind
 * (reads or writes, by the command's name) and bytes (request bodies, and response bodies by their
 * Content-Length). A middleware on the clients' stacks, so every adapter's call is counted as sent.
 */

export interface Traffic {
  reads: number;
  writes: number;
  /** Bytes read: request bodies of reads plus every response body (what comes back). */
  bytesIn: number;
  /** Bytes written: request bodies of writes. */
  bytesOut: number;
}

export interface Meter {
  dynamodb: Traffic;
  s3: Traffic;
  reset(): void;
}

const READ = /^(Get|Query|Scan|BatchGet|Head|List|Describe)/;

type Stack = { add: (middleware: unknown, options: unknown) => void };

function bodyBytes(body: unknown): number {
  if (typeof body === "string") return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}

/** Counts every call of the two clients from now on. */
export function meter(clients: {
  dynamodb: { middlewareStack: unknown };
  s3: { middlewareStack: unknown };
}): Meter {
  const zero = (): Traffic => ({ reads: 0, writes: 0, bytesIn: 0, bytesOut: 0 });
  const counts = { dynamodb: zero(), s3: zero() };
  const attach = (service: "dynamodb" | "s3", stack: Stack) =>
    stack.add(
      (
        next: (args: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>,
        context: { commandName?: string },
      ) =>
        async (args: { request?: { body?: unknown } }) => {
          const read = READ.test(context.commandName ?? "");
          const traffic = counts[service];
          traffic[read ? "reads" : "writes"]++;
          const sent = bodyBytes(args.request?.body);
          if (read) traffic.bytesIn += sent;
          else traffic.bytesOut += sent;
          const result = await next(args);
          // A HEAD's Content-Length is the object's, not a body that came back.
          if (!/^Head/.test(context.commandName ?? ""))
            traffic.bytesIn += Number(result.response?.headers?.["content-length"] ?? 0);
          return result;
        },
      { step: "finalizeRequest", name: "gongkaiTrafficMeter" },
    );
  attach("dynamodb", clients.dynamodb.middlewareStack as Stack);
  attach("s3", clients.s3.middlewareStack as Stack);
  return {
    ...counts,
    get dynamodb() {
      return counts.dynamodb;
    },
    get s3() {
      return counts.s3;
    },
    reset() {
      counts.dynamodb = zero();
      counts.s3 = zero();
    },
  };
}
