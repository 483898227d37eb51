/**
 * Paths of files dropped on the window. The sandboxed renderer cannot read a dropped File's path by itself
 * (Electron removed File.path); when the bridge offers `pathForFile` (webUtils.getPathForFile in the
 * preload) it is used, else `file://` URIs from the drag data (file managers put them in text/uri-list).
 */
export function droppedPaths(data: DataTransfer): string[] {
  const paths: string[] = [];
  const bridge = (window as unknown as { coffre?: { pathForFile?: (file: File) => string } }).coffre;
  if (typeof bridge?.pathForFile === "function") {
    for (const file of Array.from(data.files)) {
      const path = bridge.pathForFile(file);
      if (typeof path === "string" && path.length > 0) paths.push(path);
    }
  }
  if (paths.length > 0) return paths;
  const uris = data.getData("text/uri-list");
  for (const line of uris.split(/\r?\n/)) {
    const uri = line.trim();
    if (!uri.startsWith("file://") || uri.startsWith("#")) continue;
    try {
      const url = new URL(uri);
      if (url.host === "" || url.host === "localhost") paths.push(decodeURIComponent(url.pathname));
    } catch {
      // not a URI: ignored
    }
  }
  return paths;
}
