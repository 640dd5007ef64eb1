import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import type { ProblemEntry } from './api.js';
import type { FormSchema } from './contract.js';
import { fieldsOf } from './generated-form.js';

interface FormState {
  errors: Record<string, string[]>;
}

/**
 * A form-js form (the viewer) for a task or a start event. `submit` runs form-js's own
 * validation first; `showProblems` puts the server's 422 errors on the fields they name.
 */
export class FormView {
  private readonly form: Form;
  private schema: FormSchema | undefined;

  constructor(container: HTMLElement) {
    this.form = new Form({ container });
  }

  async show(schema: FormSchema, data: Record<string, unknown>): Promise<void> {
    this.schema = schema;
    await this.form.importSchema(schema as never, data);
  }

  /** The data, or null when form-js found problems (it shows them on the fields). */
  submit(): Record<string, unknown> | null {
    const { data, errors } = this.form.submit();
    return Object.keys(errors).length ? null : (data as Record<string, unknown>);
  }

  /** Shows each `{field, message}` on its field; returns the problems no field took. */
  showProblems(problems: ProblemEntry[]): ProblemEntry[] {
    const fields = fieldsOf(this.schema?.components);
    const errors: Record<string, string[]> = {};
    const rest: ProblemEntry[] = [];
    for (const problem of problems) {
      const field = fields.find((candidate) => candidate.key === problem.field);
      if (field?.id) (errors[field.id] ??= []).push(problem.message);
      else rest.push(problem);
    }
    const state = (this.form as unknown as { _getState(): FormState })._getState();
    (this.form as unknown as { _setState(state: Partial<FormState>): void })._setState({ errors: { ...state.errors, ...errors } });
    return rest;
  }

  destroy(): void {
    this.form.destroy();
  }
}
