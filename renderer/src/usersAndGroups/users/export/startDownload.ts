/**
 * Follows a link to a file as a download: the browser (or Electron) streams it to disk, and the
 * page never holds it. The link exists only for the click.
 */
export function startDownload(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
