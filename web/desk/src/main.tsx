import { render } from "preact";
import { DESK_CONFIG_FILE, parseDeskConfig } from "../config";
import type { UploadRef } from "./api";
import { Desk } from "./desk";
import { HTML_LANG } from "./i18n";
import { App } from "./views/app";

/**
 * The desk page's start: the config served next to the page, the state, and one render per change of
 * it. The upload shown is also in the address (`#upload/{id}`, or `#upload/{year}/{order}` for one the
 * desk did not issue), so it can be reloaded or shared with a colleague of the same department (another
 * department's clerk is told it is not theirs, or that there is no such upload).
 */

const root = document.getElementById("app")!;
const desk = new Desk({ local: localStorage, session: sessionStorage });

const ISSUED_HASH = /^#upload\/([0-9a-f-]{36})$/;
const LOGGED_HASH = /^#upload\/(\d{4})\/([0-9A-F-]{1,64})$/;

const hashOf = (ref: UploadRef | null): string =>
  !ref ? "" : "uploadId" in ref ? `#upload/${ref.uploadId}` : `#upload/${ref.year}/${ref.order}`;

function refOfHash(hash: string): UploadRef | null {
  const issued = ISSUED_HASH.exec(hash);
  if (issued) return { uploadId: issued[1]! };
  const logged = LOGGED_HASH.exec(hash);
  return logged ? { year: Number(logged[1]), order: logged[2]! } : null;
}

let shownHash = "";
desk.subscribe((state) => {
  document.documentElement.lang = HTML_LANG[state.lang];
  render(<App desk={desk} state={state} />, root);
  const hash = hashOf(state.shown?.ref ?? null);
  if (hash !== shownHash) {
    shownHash = hash;
    history.replaceState(null, "", hash || location.pathname + location.search);
  }
});

const followHash = () => {
  const ref = refOfHash(location.hash);
  if (ref && hashOf(ref) !== hashOf(desk.state.shown?.ref ?? null) && desk.state.screen.kind === "desk")
    void desk.follow(ref);
};
window.addEventListener("hashchange", followHash);

render(<App desk={desk} state={desk.state} />, root);
const wanted = location.hash;
void desk
  .start(async () => {
    const response = await fetch(DESK_CONFIG_FILE, { cache: "no-store" });
    if (!response.ok) throw new Error(`${DESK_CONFIG_FILE}: ${response.status}`);
    return parseDeskConfig(await response.json());
  })
  .then(() => {
    if (wanted) {
      history.replaceState(null, "", wanted);
      followHash();
    }
  });
