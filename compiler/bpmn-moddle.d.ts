/**
 * bpmn-moddle ships typings for its element interfaces (`bpmn-moddle/types`) but none
 * for its entry point, so the little we call is declared here. Elements are read
 * through `ModdleNode` accessors (see moddle-node.ts), never as `any`.
 */
declare module 'bpmn-moddle' {
  export interface ModdleImportWarning {
    message: string;
    element?: { id?: unknown; $type?: unknown };
    property?: string;
    value?: unknown;
  }

  export interface ModdleImportResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    warnings: ModdleImportWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ModdleImportResult>;
  }
}
