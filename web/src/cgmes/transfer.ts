// A CGMES zip into a project: the zip base64-encoded into the import body, sent with XMLHttpRequest because fetch
// reports no upload progress. (The download is the general export, api/account.ts downloadNetwork.)
import { ApiError, auth, errorDetail, type Project } from "../api/client";

export type ImportPhase = "reading" | "uploading" | "importing";
export interface ImportProgress {
  phase: ImportPhase;
  /** 0..1 of the current phase where it is known */
  fraction: number | null;
  file: string;
}

/** Base64 of bytes, in chunks (String.fromCharCode with a spread argument list overflows for large files). */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Import a CGMES zip (or one XML profile) as a new project, reporting reading, upload and import progress. */
export async function importCgmes(file: File, name: string, onProgress: (p: ImportProgress) => void): Promise<Project> {
  onProgress({ phase: "reading", fraction: null, file: file.name });
  const body = JSON.stringify({ name, format: "cgmes", filename: file.name, content_base64: toBase64(new Uint8Array(await file.arrayBuffer())) });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/projects/import");
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Accept", "application/json");
    if (auth.token) xhr.setRequestHeader("Authorization", `Bearer ${auth.token}`);
    xhr.upload.onprogress = (e) => onProgress({ phase: "uploading", fraction: e.lengthComputable ? e.loaded / e.total : null, file: file.name });
    xhr.upload.onload = () => onProgress({ phase: "importing", fraction: null, file: file.name });
    xhr.onerror = () => reject(new Error(`${file.name}: the upload failed (network error)`));
    xhr.onload = () => {
      let data: unknown = xhr.responseText;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* a proxy's text */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as Project);
      // the message names the file inside the zip, its line and the object; the request field adds nothing here
      else reject(new ApiError(xhr.status, { ...errorDetail(xhr.status, xhr.statusText, data), fields: [] }));
    };
    xhr.send(body);
  });
}

export function progressText(p: ImportProgress): string {
  const pct = p.fraction != null ? ` ${Math.round(p.fraction * 100)} %` : "";
  return { reading: `Reading ${p.file}…`, uploading: `Uploading ${p.file}${pct}`, importing: `Importing ${p.file} (reading the CIM profiles)…` }[p.phase];
}
