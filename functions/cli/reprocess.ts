import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { closeTarget, target } from "./target";
import { type Terminal, UsageError } from "./terminal";

export const reprocessUsage = "gongkai reprocess <key>";

/**
 * Runs an upload through the pipeline again (after registering its department, say): the object is
 * copied onto itself, which S3 reports as a new object-created event. Versioning keeps the original.
 */
export async function reprocessCommand(argv: string[], term: Terminal): Promise<number> {
  const key = argv[0];
  if (!key?.startsWith("uploads/"))
    throw new UsageError("give the upload's key, uploads/{department}/{year}/{file}");
  const t = await target();
  try {
    const source = `${t.uploadsBucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
    await t.clients.s3.send(
      new CopyObjectCommand({
        Bucket: t.uploadsBucket,
        Key: key,
        CopySource: source,
        MetadataDirective: "REPLACE",
      }),
    );
    term.out(`queued ${key} again; see gongkai status`);
  } finally {
    closeTarget(t);
  }
  return 0;
}
