export { operatorCommands } from "./commands";
export { composeMail } from "./compose";
export { compareCells, groupFindings, MAX_LISTED_FINDINGS } from "./findings";
export type { Mail, MailDepartment, MailInput, MailUpload, MissingReport, SeasonMailInput } from "./types";
