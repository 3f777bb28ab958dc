/**
 * The file posted straight to S3 with the presigned POST the API issued: the policy's fields first, the
 * file last (S3 ignores fields after it). XMLHttpRequest rather than fetch, because only it reports the
 * upload's progress.
 */

export interface PresignedForm {
  url: string;
  fields: Record<string, string>;
}

/** S3 refused the POST: its status and, when it said, its error code (`EntityTooLarge`, `AccessDenied`). */
export class PostRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
  ) {
    super(`S3 answered ${status}${code ? ` ${code}` : ""}`);
  }
}

export function postUpload(
  form: PresignedForm,
  file: Blob,
  fileName: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append("file", file, fileName);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", form.url);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        const code = /<Code>([^<]+)<\/Code>/.exec(request.responseText ?? "")?.[1] ?? null;
        reject(new PostRefused(request.status, code));
      }
    });
    request.addEventListener("error", () => reject(new PostRefused(0, null)));
    request.addEventListener("abort", () => reject(new PostRefused(0, "Aborted")));
    request.send(body);
  });
}
