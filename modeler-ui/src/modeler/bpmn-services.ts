/**
 * The few diagram-js services these modules call, typed by what they use. bpmn-js's own
 * typings type `get(name)` as unknown; these keep the casts in one place.
 */
export interface DiagramElement {
  id: string;
  type: string;
  businessObject: { $type: string; id: string; name?: string; [key: string]: unknown };
  waypoints?: unknown[];
  labelTarget?: DiagramElement;
}

export interface Canvas {
  addMarker(element: string | DiagramElement, marker: string): void;
  removeMarker(element: string | DiagramElement, marker: string): void;
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  scrollToElement(element: DiagramElement, padding?: number | { top: number; bottom: number; left: number; right: number }): void;
  getRootElement(): DiagramElement;
  viewbox(box?: { x: number; y: number; width: number; height: number }): {
    x: number;
    y: number;
    width: number;
    height: number;
    scale: number;
    inner: { x: number; y: number; width: number; height: number };
    outer: { width: number; height: number };
  };
}

export interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  getAll(): DiagramElement[];
  filter(predicate: (element: DiagramElement) => boolean): DiagramElement[];
}

export interface Overlays {
  add(element: string | DiagramElement, type: string, overlay: { position: Record<string, number>; html: HTMLElement; scale?: boolean | { min?: number; max?: number } }): string;
  remove(filter: { type?: string; element?: string | DiagramElement }): void;
}

export interface Selection {
  select(element: DiagramElement | DiagramElement[] | null): void;
  get(): DiagramElement[];
}

/** What diagram-js's injector gives: a service by name. */
export interface ServiceLocator {
  get<T>(name: string): T;
}

export const canvasOf = (diagram: ServiceLocator) => diagram.get<Canvas>('canvas');
export const registryOf = (diagram: ServiceLocator) => diagram.get<ElementRegistry>('elementRegistry');
export const overlaysOf = (diagram: ServiceLocator) => diagram.get<Overlays>('overlays');
export const selectionOf = (diagram: ServiceLocator) => diagram.get<Selection>('selection');
