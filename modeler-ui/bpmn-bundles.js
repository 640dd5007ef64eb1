/* global document, window */
/**
 * bpmn-js ships UMD bundles that each set `window.BpmnJS`. The modeler and the navigated
 * viewer are loaded on demand, one after the other, and each class is kept apart.
 */
const classes = new Map();
let queue = Promise.resolve();

function load(file) {
  if (!classes.has(file)) {
    const loading = queue.then(
      () =>
        new Promise((resolve, reject) => {
          const previous = window.BpmnJS;
          const script = document.createElement('script');
          script.src = `/vendor/bpmn-js/${file}`;
          script.onload = () => {
            const loaded = window.BpmnJS;
            window.BpmnJS = previous;
            resolve(loaded);
          };
          script.onerror = () => reject(new Error(`Could not load /vendor/bpmn-js/${file}`));
          document.head.append(script);
        }),
    );
    queue = loading.catch(() => {});
    classes.set(file, loading);
  }
  return classes.get(file);
}

/** The editing Modeler class. */
export const loadModeler = () => load('bpmn-modeler.production.min.js');

/** The read-only viewer with pan and zoom, for instances. */
export const loadViewer = () => load('bpmn-navigated-viewer.production.min.js');
