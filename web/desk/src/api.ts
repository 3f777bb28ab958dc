import type { ExplanationRequest, PublishedExplanation } from "../../../functions/api/explain-warning";
import type { ExplainableReport, ExplainableWarning } from "../../../functions/api/explainable-report";
import type { IssuedPost } from "../../../functions/api/issue-upload";
import type { Me } from "../../../functions/api/me";
import type { UploadDetail, UploadSummary } from "../../../functions/api/upload-view";
import type { ApiErrorBody, ApiErrorText } from "../../../schemas/api-errors";
import type { Session } from "./session";

export type {
  ExplainableReport,
  ExplainableWarning,
  ExplanationRequest,
  IssuedPost,
  Me,
  PublishedExplanation,
  UploadDetail,
  UploadSummary,
};

/**
 * The desk API from the page: every call with the clerk's ID token, renewed once and retried when the API
 * answers 401 (an hour-long token may lapse between two calls); a sign-in that cannot be renewed ends as
 * `SessionExpired`. Errors are the API's own `{error: {code, message}}`.
 */

/**
 * How the page names one upload to the API: a desk upload by its id (even before S3 has the file), any
 * upload of the department's log — the operators' bulk path's too — by its record's order and year.
 */
export type UploadRef = { uploadId: string } | { year: number; order: string };

/** A listed upload's ref; null for none (a listed upload has one or the other). */
export function refOf(upload: UploadSummary): UploadRef | null {
  if (upload.uploadId) return { uploadId: upload.uploadId };
  return upload.order ? { year: upload.year, order: upload.order } : null;
}

/** Whether two refs name the same upload. */
export const sameRef = (a: UploadRef, b: UploadRef): boolean => uploadPath(a) === uploadPath(b);

/** The API's path of an upload (and of its annotated copy, with `/annotated`). */
function uploadPath(ref: UploadRef, suffix = ""): string {
  return "uploadId" in ref
    ? `/uploads/${encodeURIComponent(ref.uploadId)}${suffix}`
    : `/uploads/${encodeURIComponent(ref.order)}${suffix}?year=${ref.year}`;
}

/** The API refused the request: its code and its message in both languages. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: ApiErrorText,
  ) {
    super(`${status} ${code}`);
  }
}

/** The sign-in lapsed and could not be renewed: the clerk must sign in again. */
export class SessionExpired extends Error {}

/** The annotated copy as downloaded: its bytes and the name the API gives it. */
export interface AnnotatedFile {
  blob: Blob;
  fileName: string;
}

export class DeskApi {
  constructor(
    private readonly base: string,
    private readonly session: Session,
  ) {}

  me(): Promise<Me> {
    return this.json("GET", "/me");
  }

  listUploads(year: number): Promise<{ year: number; uploads: UploadSummary[] }> {
    return this.json("GET", `/uploads?year=${year}`);
  }

  issueUpload(request: { year: number; fileName: string; size: number }): Promise<IssuedPost> {
    return this.json("POST", "/uploads", request);
  }

  showUpload(ref: UploadRef): Promise<UploadDetail> {
    return this.json("GET", uploadPath(ref));
  }

  /** The warnings of the year's counted report, with the department's explanations. */
  explainable(year: number): Promise<ExplainableReport> {
    return this.json("GET", `/explanations?year=${year}`);
  }

  explain(request: ExplanationRequest): Promise<PublishedExplanation> {
    return this.json("POST", "/explanations", request);
  }

  async annotated(ref: UploadRef): Promise<AnnotatedFile> {
    const response = await this.send("GET", uploadPath(ref, "/annotated"));
    if (!response.ok) throw await failureOf(response);
    const fallback = "uploadId" in ref ? ref.uploadId : ref.order;
    return { blob: await response.blob(), fileName: fileNameOf(response) ?? `${fallback}.xlsx` };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw await failureOf(response);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const once = async (token: string) =>
      fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const token = await this.session.idToken();
    if (!token) throw new SessionExpired();
    const response = await once(token);
    if (response.status !== 401) return response;
    const renewed = await this.session.renew();
    if (!renewed) throw new SessionExpired();
    const again = await once(renewed);
    if (again.status === 401) {
      void this.session.signOut();
      throw new SessionExpired();
    }
    return again;
  }
}

async function failureOf(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  const error = body?.error;
  return new ApiFailure(
    response.status,
    error?.code ?? `http.${response.status}`,
    error?.message ?? { zh: `服务答复 ${response.status}。`, en: `The service answered ${response.status}.` },
  );
}

/** The name in `Content-Disposition` (the UTF-8 form first). */
function fileNameOf(response: Response): string | null {
  const header = response.headers.get("content-disposition") ?? "";
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8);
    } catch {
      return null;
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}
