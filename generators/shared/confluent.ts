/**
 * The one Confluent Platform release every Confluent component of a generated project comes from:
 * the Schema Registry, REST Proxy and ksqlDB images and the Connect converter plugins. Components
 * of one release are tested together; mixing releases (a 7.9 REST Proxy beside an 8.0 registry)
 * is not a supported combination.
 */
export const CONFLUENT_PLATFORM_VERSION = '8.0.0';

export const CONFLUENT_IMAGES = {
  schemaRegistry: `confluentinc/cp-schema-registry:${CONFLUENT_PLATFORM_VERSION}`,
  restProxy: `confluentinc/cp-kafka-rest:${CONFLUENT_PLATFORM_VERSION}`,
  ksqldbServer: `confluentinc/cp-ksqldb-server:${CONFLUENT_PLATFORM_VERSION}`,
} as const;
