/**
 * The part of the Secrets Manager SDK Fluxa uses, as one module to import dynamically:
 * `import()` of the SDK package itself would bundle every command, this keeps the few.
 */
export {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
