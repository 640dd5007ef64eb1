/** dmn-moddle ships no typings; the little we call is declared here (see compiler/bpmn-moddle.d.ts). */
declare module 'dmn-moddle' {
  export interface DmnImportResult {
    rootElement: unknown;
    warnings: Array<{ message: string; element?: { id?: unknown } }>;
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<DmnImportResult>;
  }
}
