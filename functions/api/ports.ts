import type { Clock, DepartmentRegistry, ObjectStore, PublishPorts, UploadLog } from "../ingest/ports";

/**
 * The ports the desk API needs beyond the ingest's (the registry, the upload log and publishing are the
 * same adapters): who signed in, signing a browser's upload, and the uploads the desk issued.
 */

/** Who a verified token says signed in. The department is the operator's, fixed when the user was created. */
export interface SignedIn {
  /** The user's stable id in the pool. */
  sub: string;
  email: string | null;
  /** `custom:department`: null for a user of no department (an operator, say). */
  department: string | null;
  /** In the pool's `operators` group. */
  operator: boolean;
}

/** Verifies a bearer token against the user pool (JWKS, issuer, audience, token use, expiry). */
export interface TokenVerifier {
  /** Who signed in, or null for a token that is tampered with, expired, of another pool or client. */
  verify(token: string): Promise<SignedIn | null>;
}

/** A browser's upload straight to S3: the form's target and fields, and when the policy expires. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

export interface UploadSigner {
  /** A POST policy for exactly `key`, a body of 1 to `maxBytes` bytes, valid `expiresInSeconds`. */
  presignPost(key: string, maxBytes: number, expiresInSeconds: number): Promise<PresignedPost>;
}

/** An upload the desk issued a POST for: it exists from that moment (`pending` until S3 has the file). */
export interface IssuedUpload {
  uploadId: string;
  department: string;
  year: number;
  fileName: string;
  key: string;
  /** The size the browser announced. */
  size: number;
  issuedAt: string;
  expiresAt: string;
  /** The `sub` of the user it was issued to. */
  issuedTo: string;
}

/** The issued uploads: by id (whose it is), and by department and year. */
export interface IssuedUploads {
  put(upload: IssuedUpload): Promise<void>;
  get(uploadId: string): Promise<IssuedUpload | null>;
  list(department: string, year: number): Promise<IssuedUpload[]>;
}

export interface ApiSettings {
  maxUploadBytes: number;
  /** How long a presigned POST stays valid. */
  postExpirySeconds: number;
  /** The feed's public base URL, for a published upload's report link. */
  feedBaseUrl: string;
}

/** Reads what the pipeline kept in the uploads bucket: a rejected upload's annotated copy. */
export type KeptObjects = Pick<ObjectStore, "readObject">;

export interface ApiPorts {
  tokens: TokenVerifier;
  signer: UploadSigner;
  issued: IssuedUploads;
  uploads: UploadLog;
  departments: DepartmentRegistry;
  objects: KeptObjects;
  /** Publishing over the pipeline's state and feed: a clerk's explanation shows at once. */
  publishing: PublishPorts;
  clock: Clock;
  settings: ApiSettings;
}
