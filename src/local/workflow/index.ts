/** The remediation workflow registered in the sandbox (`sm5-remediate-model`), for the CLI, the demo and tests. */
export {
  LOCK_TABLE_NAME,
  NOTIFICATION_TOPIC_NAME,
  type RegisterWorkflowOptions,
  registerWorkflow,
  STATE_MACHINE_NAME,
  sandboxFunctionArn,
  WORKFLOW_DEFINITION_URL,
  type WorkflowRegistration,
} from './register.ts';
