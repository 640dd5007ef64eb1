/* global Blob, URL, document, setTimeout */
/** Saves text as a file download (the browser's own "Save as"). */
export function download(fileName, text, type = 'application/xml') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The key of the first process in a diagram, for naming files and deployments. */
export function processKeyOf(modeler) {
  const definitions = modeler.getDefinitions();
  const process = definitions?.rootElements?.find((element) => element.$type === 'bpmn:Process');
  return process?.id ?? 'diagram';
}
