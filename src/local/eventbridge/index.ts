/** The sandbox's EventBridge: a bus with sm5's rules, routing Security Hub events to executions. */
export {
  type BusEvent,
  type BusRule,
  type Delivery,
  EventBus,
  type EventInput,
  type RuleTarget,
} from './bus.ts';
export { asffImportedEvent, forwardEvents, importedEvents, ocsfImportedEvent } from './security-hub.ts';
export {
  routeSm5Events,
  type Sm5RuleSpec,
  sm5EventBus,
  sm5RuleSpecs,
  startExecutionTarget,
} from './sm5-rules.ts';
