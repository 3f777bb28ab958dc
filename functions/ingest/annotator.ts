import type { Diagnosis } from "../../schemas/diagnosis";
import type { Bilingual, Finding } from "../../schemas/finding";
import type { ObjectStore } from "./ports";

/**
 * What the pipeline asks of the annotator for a rejected upload: mark the kept original's cells and keep
 * the copy. Plain JSON, since on AWS it is the payload of the annotate function's invocation.
 */
export interface AnnotationRequest {
  /** The original as kept (`originals/{sha256}`): the bytes the findings were found in. */
  originalKey: string;
  /** Where the copy is kept (`annotated/{department}/{year}/{order}.xlsx`). */
  key: string;
  /** The uploaded file's name, for the summary's title and the copy's name. */
  fileName: string;
  /** The format the tables were read as (`FORMATS` id), or null. */
  format: string | null;
  findings: Finding[];
  diagnosis: Diagnosis | null;
}

/** The copy kept (and where), or why there is none: told to the clerk, not an error of ours. */
export type AnnotationResult =
  | { ok: true; key: string; fileName: string; converted: boolean }
  | { ok: false; reason: Bilingual };

/**
 * Makes and keeps a rejected upload's annotated copy. On AWS its own function (ExcelJS is most of a
 * bundle, and only rejections need it: adapters/lambda-annotator.ts); on the local stack and in the CLI,
 * the same use case in this process. Throws only when the system failed (retry the upload).
 */
export interface Annotator {
  annotate(request: AnnotationRequest): Promise<AnnotationResult>;
}

/** The object calls the annotation makes: the original read, the copy written. */
export type AnnotationObjects = Pick<ObjectStore, "readObject" | "keepAnnotated">;

/**
 * The annotation in this process. The use case is loaded on the first rejection only; the ingest
 * function's bundle leaves that module out altogether (infra/bundling.ts), so on AWS, where the
 * annotate function is named, this is never built.
 */
export class InProcessAnnotator implements Annotator {
  constructor(private readonly objects: AnnotationObjects) {}

  async annotate(request: AnnotationRequest): Promise<AnnotationResult> {
    const { annotateUpload } = await import("./annotate-upload");
    return annotateUpload(this.objects, request);
  }
}
