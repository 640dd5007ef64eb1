/**
 * Generates a Camunda-8-style diagram of exactly `elementCount` flow nodes (with DI,
 * as Camunda Modeler saves it) for the compile benchmark. Each repeated stretch is
 * the shape of a real approval step: a service task, an exclusive split to either a
 * user task (with a non-interrupting SLA timer that reminds by a send task) or a
 * service task, and the join.
 */
const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ' +
  'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0"';

const STRETCH = 8;

export function generateDiagram(elementCount: number): string {
  const nodes: string[] = [];
  const flows: string[] = [];
  const shapes: string[] = [];
  let x = 100;
  const shape = (id: string, y = 100): void => {
    shapes.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="100" height="80" /></bpmndi:BPMNShape>`);
  };
  const flow = (id: string, from: string, to: string, condition?: string): void => {
    const body = condition
      ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression>`
      : '';
    flows.push(`<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${body}</bpmn:sequenceFlow>`);
    shapes.push(`<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x}" y="120" /><di:waypoint x="${x + 50}" y="120" /></bpmndi:BPMNEdge>`);
  };
  const job = (id: string, type: string): string =>
    `<bpmn:serviceTask id="${id}" name="Step ${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" />` +
    `<zeebe:ioMapping><zeebe:input source="=order.id" target="orderId" /><zeebe:output source="=result" target="${id}Result" /></zeebe:ioMapping>` +
    `</bpmn:extensionElements></bpmn:serviceTask>`;

  nodes.push('<bpmn:startEvent id="start" name="Order received" />');
  shape('start');
  let previous = 'start';
  const stretches = Math.floor((elementCount - 2) / STRETCH);
  for (let i = 0; i < stretches; i += 1) {
    const id = (name: string) => `${name}_${i}`;
    nodes.push(job(id('check'), 'crm.getClientCard'));
    nodes.push(`<bpmn:exclusiveGateway id="${id('split')}" default="${id('f_auto')}" />`);
    nodes.push(
      `<bpmn:userTask id="${id('approve')}" name="Approve ${i}"><bpmn:extensionElements>` +
        `<zeebe:assignmentDefinition candidateGroups="sales-managers" />` +
        `<zeebe:taskSchedule dueDate="=now() + duration(&#34;PT4H&#34;)" /><zeebe:formDefinition formId="approve" />` +
        `</bpmn:extensionElements></bpmn:userTask>`,
    );
    nodes.push(
      `<bpmn:boundaryEvent id="${id('late')}" cancelActivity="false" attachedToRef="${id('approve')}">` +
        `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT4H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
    );
    nodes.push(`<bpmn:sendTask id="${id('remind')}"><bpmn:extensionElements><zeebe:taskDefinition type="notify.send" /></bpmn:extensionElements></bpmn:sendTask>`);
    nodes.push(`<bpmn:endEvent id="${id('reminded')}" />`);
    nodes.push(job(id('auto'), 'erp.reserveStock'));
    nodes.push(`<bpmn:exclusiveGateway id="${id('join')}" />`);
    for (const name of ['check', 'split', 'approve', 'late', 'remind', 'reminded', 'auto', 'join']) {
      shape(id(name));
      x += 150;
    }
    flow(id('f_in'), previous, id('check'));
    flow(id('f_split'), id('check'), id('split'));
    flow(id('f_manual'), id('split'), id('approve'), `=order.total &gt; ${1000 + i}`);
    flow(id('f_auto'), id('split'), id('auto'));
    flow(id('f_late'), id('late'), id('remind'));
    flow(id('f_reminded'), id('remind'), id('reminded'));
    flow(id('f_approved'), id('approve'), id('join'));
    flow(id('f_done'), id('auto'), id('join'));
    previous = id('join');
  }
  for (let i = nodes.length; i < elementCount - 1; i += 1) {
    nodes.push(`<bpmn:scriptTask id="tally_${i}"><bpmn:extensionElements><zeebe:script expression="=count(order.lines) + ${i}" resultVariable="tally" /></bpmn:extensionElements></bpmn:scriptTask>`);
    shape(`tally_${i}`);
    flow(`f_tally_${i}`, previous, `tally_${i}`);
    previous = `tally_${i}`;
    x += 150;
  }
  nodes.push('<bpmn:endEvent id="end" name="Order done" />');
  shape('end');
  flow('f_end', previous, 'end');

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Definitions_bench" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.31.0">
<bpmn:process id="bench" name="Compile benchmark" isExecutable="true">
${nodes.join('\n')}
${flows.join('\n')}
</bpmn:process>
<bpmndi:BPMNDiagram id="Diagram_bench"><bpmndi:BPMNPlane id="Plane_bench" bpmnElement="bench">
${shapes.join('\n')}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
