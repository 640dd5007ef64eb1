import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer.js';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';

interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  resized(): void;
}
interface ElementRegistry {
  get(elementId: string): { id: string; type: string; businessObject: { name?: string } } | undefined;
  getAll(): Array<{ id: string; type: string; businessObject: { name?: string } }>;
}
interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

/**
 * A read-only diagram with pan and zoom (bpmn-js NavigatedViewer), for the monitor and
 * the dashboard: markers colour elements, overlays put counts and labels on them.
 */
export class DiagramView {
  private readonly viewer: NavigatedViewer;
  private markers = new Map<string, Set<string>>();
  private shown: string | undefined;
  private resizeObserver: ResizeObserver;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
    this.resizeObserver = new ResizeObserver(() => this.canvas().resized());
    this.resizeObserver.observe(container);
  }

  private canvas(): Canvas {
    return this.viewer.get<Canvas>('canvas');
  }

  private registry(): ElementRegistry {
    return this.viewer.get<ElementRegistry>('elementRegistry');
  }

  /** Shows `xml` unless the same diagram is already shown (`key` names it, e.g. key@version). */
  async show(xml: string, key: string): Promise<boolean> {
    if (this.shown === key) return false;
    await this.viewer.importXML(xml);
    this.shown = key;
    this.markers.clear();
    this.fit();
    return true;
  }

  fit(): void {
    this.canvas().zoom('fit-viewport', 'auto');
  }

  has(elementId: string): boolean {
    return Boolean(this.registry().get(elementId));
  }

  /** The element's name as drawn, or its id when it has none. */
  nameOf(elementId: string): string {
    return this.registry().get(elementId)?.businessObject.name?.trim() || elementId;
  }

  typeOf(elementId: string): string | undefined {
    return this.registry().get(elementId)?.type;
  }

  /** Sets exactly these elements to carry `marker` (e.g. "active", "completed"). */
  mark(marker: string, elementIds: Iterable<string>): void {
    const next = new Set([...elementIds].filter((id) => this.has(id)));
    const previous = this.markers.get(marker) ?? new Set<string>();
    for (const id of previous) if (!next.has(id) && this.has(id)) this.canvas().removeMarker(id, marker);
    for (const id of next) if (!previous.has(id)) this.canvas().addMarker(id, marker);
    this.markers.set(marker, next);
  }

  /** Replaces every overlay of `type` with the given ones. */
  overlay(type: string, overlays: Array<{ elementId: string; html: HTMLElement; position?: Record<string, number> }>): void {
    const service = this.viewer.get<Overlays>('overlays');
    service.remove({ type });
    for (const { elementId, html, position } of overlays) {
      if (this.has(elementId)) service.add(elementId, type, { position: position ?? { bottom: 8, left: -6 }, html });
    }
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.viewer.destroy();
  }
}

/** The names of every element in a BPMN XML, for lists that show steps by name, without a viewer. */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  for (const element of Array.from(document.getElementsByTagName('*'))) {
    const id = element.getAttribute('id');
    const name = element.getAttribute('name');
    if (id && name && element.namespaceURI?.includes('BPMN/20100524/MODEL')) names.set(id, name.trim());
  }
  return names;
}
