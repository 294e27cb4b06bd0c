export * from './infrastructure';
export * from './databases';
export * from './kafka';
export * from './stack';
export * from './test-issuer';
export * from './files';
export * from './webhook-receiver';
export * from './test-clock';
