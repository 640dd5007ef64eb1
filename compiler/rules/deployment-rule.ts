/**
 * What the deploying API tells the compiler about this installation, so that the
 * compiler stays a pure function of its inputs: the service-task types the registry
 * serves, each with the variables it requires and the variable its result lands in.
 */
export interface ServiceTaskSignature {
  requiredInputs: readonly string[];
  resultVariable: string;
}

export type ServiceTaskSignatures = ReadonlyMap<string, ServiceTaskSignature>;
