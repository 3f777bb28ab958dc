import { type Finding, finding, NOWHERE } from "../../schemas/finding";
import { problemFinding } from "../core/workbook/problems";

/** The findings about an upload as a whole that the pipeline, not the workbook, decides. */

/** Not under `uploads/{department}/{year}/`: whose report for which year it is cannot be known. */
export function unroutableFinding(key: string): Finding {
  return finding(
    "upload.unroutable",
    NOWHERE,
    {
      zh: `上传位置不对：文件应放在 uploads/单位编号/年份/ 下（如 uploads/dept-a/2024/报告.xlsx），实际为 ${key.slice(0, 300)}。`,
      en: `Wrong upload location: files go under uploads/{department}/{year}/ (e.g. uploads/dept-a/2024/report.xlsx), not ${key.slice(0, 300)}.`,
    },
    "uploads/{department}/{year}/{file}",
    key.slice(0, 300),
  );
}

/** Larger than the pipeline reads: the same finding the guard gives a file over its limit. */
export function tooLargeFinding(size: number, limit: number): Finding {
  return problemFinding({ code: "too_large", detail: `${size} bytes`, limit, actual: size });
}

/** Stored encrypted with a key only the uploader has (SSE-C): S3 gives us none of its bytes. */
export function customerEncryptedFinding(): Finding {
  return finding("upload.customer_encrypted", NOWHERE, {
    zh: "文件上传时用上传者自己的密钥加密（SSE-C），系统无法读取。请不加密重新上传同一文件。",
    en: "The file was uploaded encrypted with the uploader's own key (SSE-C) and cannot be read. Upload it again without that encryption.",
  });
}
