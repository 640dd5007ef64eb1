/** Saves text as a file download (the browser's own "Save as"). */
export function download(fileName: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Definitions {
  rootElements?: Array<{ $type: string; id?: string }>;
}

/** The key of the first process in a diagram, for naming files and deployments. */
export function processKeyOf(definitions: Definitions | undefined): string {
  return definitions?.rootElements?.find((element) => element.$type === 'bpmn:Process')?.id ?? 'diagram';
}
