import { randomUUID } from "node:crypto";
import { deskUploadKey } from "../storage-layout";
import { actingDepartment } from "./caller";
import type { ApiPorts, SignedIn } from "./ports";
import { type ApiResult, ok } from "./results";
import { parseUploadRequest } from "./upload-request";

export interface IssuedPost {
  uploadId: string;
  key: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * `POST /api/v1/uploads`: a presigned S3 POST for exactly `uploads/{department}/{year}/{uploadId}/{file}`
 * (the department from the token), 1 byte to the upload limit, valid for minutes. The upload is recorded
 * as issued first, so it is listed (`pending`) from this moment; the bytes never pass through here.
 */
export async function issueUpload(
  ports: ApiPorts,
  caller: SignedIn,
  body: unknown,
): Promise<ApiResult<IssuedPost>> {
  const { settings, clock } = ports;
  const request = parseUploadRequest(body, clock.now(), settings.maxUploadBytes);
  if (!request.ok) return request;
  const department = await actingDepartment(ports, caller, request.value.department);
  if (!department.ok) return department;
  const { year, fileName, size } = request.value;
  const uploadId = randomUUID();
  const key = deskUploadKey(department.value.id, year, uploadId, fileName);
  const post = await ports.signer.presignPost(key, settings.maxUploadBytes, settings.postExpirySeconds);
  await ports.issued.put({
    uploadId,
    department: department.value.id,
    year,
    fileName,
    key,
    size,
    issuedAt: clock.now().toISOString(),
    expiresAt: post.expiresAt,
    issuedTo: caller.sub,
  });
  return ok({ uploadId, key, url: post.url, fields: post.fields, expiresAt: post.expiresAt }, 201);
}
