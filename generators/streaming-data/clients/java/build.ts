import { lines } from '../../../shared/text.js';
import { CONFLUENT_PLATFORM_VERSION } from '../../../shared/confluent.js';
import type { StreamPlan } from '../../plan.js';

/** Pinned versions of the Java builds (clients, Flink job, Kafka Streams job). */
export const JAVA_VERSIONS = {
  java: '21',
  kafkaClients: '4.0.0',
  confluent: CONFLUENT_PLATFORM_VERSION,
  avro: '1.12.0',
  protobuf: '3.25.5',
  jackson: '2.19.2',
  duckdb: '1.3.2.0',
  awsSdk: '2.31.1',
  googleLibrariesBom: '26.50.0',
  pulsar: '4.0.4',
  jsonSchemaValidator: '1.5.8',
  slf4j: '2.0.17',
  compilerPlugin: '3.14.0',
  shadePlugin: '3.6.0',
  buildHelperPlugin: '3.6.0',
  protobufPlugin: '0.6.1',
  osPlugin: '1.7.1',
  maven: '3.9.11-eclipse-temurin-21',
  jre: '21-jre-noble',
} as const;

export interface Dependency {
  groupId: string;
  artifactId: string;
  version?: string;
  scope?: string;
}

/** The client libraries of a plan's broker and serialization. */
export function brokerDependencies(plan: StreamPlan): Dependency[] {
  const v = JAVA_VERSIONS;
  const deps: Dependency[] = [
    { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-databind', version: v.jackson },
  ];
  if (plan.isKafkaApi) {
    deps.push({
      groupId: 'org.apache.kafka',
      artifactId: 'kafka-clients',
      version: v.kafkaClients,
    });
    const serializer = {
      avro: 'kafka-avro-serializer',
      protobuf: 'kafka-protobuf-serializer',
      'json-schema': 'kafka-json-schema-serializer',
    }[plan.streaming.serialization];
    deps.push({ groupId: 'io.confluent', artifactId: serializer, version: v.confluent });
  }
  switch (plan.streaming.broker) {
    case 'kinesis':
      deps.push({ groupId: 'software.amazon.awssdk', artifactId: 'kinesis' });
      break;
    case 'pubsub':
      deps.push({ groupId: 'com.google.cloud', artifactId: 'google-cloud-pubsub' });
      break;
    case 'pulsar':
      deps.push({ groupId: 'org.apache.pulsar', artifactId: 'pulsar-client', version: v.pulsar });
      break;
    default:
      break;
  }
  switch (plan.streaming.serialization) {
    case 'avro':
      deps.push({ groupId: 'org.apache.avro', artifactId: 'avro', version: v.avro });
      break;
    case 'protobuf':
      deps.push(
        { groupId: 'com.google.protobuf', artifactId: 'protobuf-java', version: v.protobuf },
        { groupId: 'com.google.protobuf', artifactId: 'protobuf-java-util', version: v.protobuf },
      );
      break;
    case 'json-schema':
      if (!plan.isKafkaApi)
        deps.push({
          groupId: 'com.networknt',
          artifactId: 'json-schema-validator',
          version: v.jsonSchemaValidator,
        });
      break;
  }
  return deps;
}

function dependencyXml(dependency: Dependency): string[] {
  return [
    '    <dependency>',
    `      <groupId>${dependency.groupId}</groupId>`,
    `      <artifactId>${dependency.artifactId}</artifactId>`,
    dependency.version ? `      <version>${dependency.version}</version>` : [],
    dependency.scope ? `      <scope>${dependency.scope}</scope>` : [],
    '    </dependency>',
  ].flat();
}

export interface PomInput {
  plan: StreamPlan;
  artifactId: string;
  name: string;
  description: string;
  dependencies: Dependency[];
  /** Relative path of the .proto files from the pom's folder, when Protobuf classes are generated. */
  protoSourceRoot: string | null;
  /** Name of the shaded jar (target/<finalName>.jar). */
  finalName: string;
  /** Main-Class of the jar manifest, when there is one entry point. */
  mainClass?: string;
  /** Dependencies the runtime provides (Flink): excluded from the shaded jar. */
  providedNote?: string;
  /** Extra resources packed into the jar (the event schemas, for jobs that run on a cluster). */
  resources?: { directory: string; targetPath: string };
  /** Source folders when they are not src/main/java: the first is the main one, the others are added. */
  sourceRoots?: string[];
}

/** A Maven pom with pinned versions, a shaded jar and optional Protobuf code generation. */
export function renderPom(input: PomInput): string {
  const { plan } = input;
  const v = JAVA_VERSIONS;
  const groupId = plan.javaPackage.replace(/\.streaming$/, '');
  const needsConfluentRepo = input.dependencies.some(
    (dependency) => dependency.groupId === 'io.confluent',
  );
  const boms: Dependency[] = [];
  if (
    input.dependencies.some(
      (dependency) => dependency.groupId === 'software.amazon.awssdk' && !dependency.version,
    )
  )
    boms.push({ groupId: 'software.amazon.awssdk', artifactId: 'bom', version: v.awsSdk });
  if (
    input.dependencies.some(
      (dependency) => dependency.groupId === 'com.google.cloud' && !dependency.version,
    )
  )
    boms.push({
      groupId: 'com.google.cloud',
      artifactId: 'libraries-bom',
      version: v.googleLibrariesBom,
    });
  return lines(
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${input.description} Versions are pinned; bump them deliberately. -->`,
    '<project xmlns="http://maven.apache.org/POM/4.0.0"',
    '         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
    '  <modelVersion>4.0.0</modelVersion>',
    '',
    `  <groupId>${groupId}</groupId>`,
    `  <artifactId>${input.artifactId}</artifactId>`,
    '  <version>1.0.0</version>',
    '  <packaging>jar</packaging>',
    `  <name>${input.name}</name>`,
    '',
    '  <properties>',
    `    <maven.compiler.release>${v.java}</maven.compiler.release>`,
    '    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>',
    '  </properties>',
    needsConfluentRepo && [
      '',
      '  <!-- The schema-registry serializers are published by Confluent, not on Maven Central. -->',
      '  <repositories>',
      '    <repository>',
      '      <id>confluent</id>',
      '      <url>https://packages.confluent.io/maven/</url>',
      '    </repository>',
      '  </repositories>',
    ],
    boms.length > 0 && [
      '',
      '  <dependencyManagement>',
      '    <dependencies>',
      boms.map((bom) =>
        [
          ...dependencyXml({ ...bom }).slice(0, -1),
          '      <type>pom</type>',
          '      <scope>import</scope>',
          '    </dependency>',
        ].map((line) => `  ${line}`),
      ),
      '    </dependencies>',
      '  </dependencyManagement>',
    ],
    '',
    '  <dependencies>',
    input.dependencies.map(dependencyXml),
    '    <!-- The clients log through SLF4J; route it to java.util.logging like our own code. -->',
    '    <dependency>',
    '      <groupId>org.slf4j</groupId>',
    '      <artifactId>slf4j-jdk14</artifactId>',
    `      <version>${v.slf4j}</version>`,
    input.providedNote ? '      <scope>provided</scope>' : [],
    '    </dependency>',
    '  </dependencies>',
    '',
    '  <build>',
    `    <finalName>${input.finalName}</finalName>`,
    input.sourceRoots?.[0] &&
      `    <sourceDirectory>\${project.basedir}/${input.sourceRoots[0]}</sourceDirectory>`,
    input.resources && [
      '    <resources>',
      '      <resource>',
      `        <directory>\${project.basedir}/${input.resources.directory}</directory>`,
      `        <targetPath>${input.resources.targetPath}</targetPath>`,
      '      </resource>',
      '    </resources>',
    ],
    input.protoSourceRoot && [
      '    <extensions>',
      '      <!-- Detects the platform so the matching protoc binary is downloaded. -->',
      '      <extension>',
      '        <groupId>kr.motd.maven</groupId>',
      '        <artifactId>os-maven-plugin</artifactId>',
      `        <version>${v.osPlugin}</version>`,
      '      </extension>',
      '    </extensions>',
    ],
    '    <plugins>',
    '      <plugin>',
    '        <groupId>org.apache.maven.plugins</groupId>',
    '        <artifactId>maven-compiler-plugin</artifactId>',
    `        <version>${v.compilerPlugin}</version>`,
    '        <configuration>',
    '          <compilerArgs>',
    '            <arg>-Xlint:all</arg>',
    '          </compilerArgs>',
    '        </configuration>',
    '      </plugin>',
    input.protoSourceRoot && [
      '      <!-- Java classes from the event schemas (the same .proto files the registry holds). -->',
      '      <plugin>',
      '        <groupId>org.xolstice.maven.plugins</groupId>',
      '        <artifactId>protobuf-maven-plugin</artifactId>',
      `        <version>${v.protobufPlugin}</version>`,
      '        <configuration>',
      `          <protocArtifact>com.google.protobuf:protoc:${v.protobuf}:exe:\${os.detected.classifier}</protocArtifact>`,
      `          <protoSourceRoot>\${project.basedir}/${input.protoSourceRoot}</protoSourceRoot>`,
      '        </configuration>',
      '        <executions>',
      '          <execution>',
      '            <goals>',
      '              <goal>compile</goal>',
      '            </goals>',
      '          </execution>',
      '        </executions>',
      '      </plugin>',
    ],
    (input.sourceRoots?.length ?? 0) > 1 && [
      '      <!-- The producers and consumers folders are source roots of this module too. -->',
      '      <plugin>',
      '        <groupId>org.codehaus.mojo</groupId>',
      '        <artifactId>build-helper-maven-plugin</artifactId>',
      `        <version>${v.buildHelperPlugin}</version>`,
      '        <executions>',
      '          <execution>',
      '            <id>add-sources</id>',
      '            <phase>generate-sources</phase>',
      '            <goals>',
      '              <goal>add-source</goal>',
      '            </goals>',
      '            <configuration>',
      '              <sources>',
      (input.sourceRoots ?? [])
        .slice(1)
        .map((root) => `                <source>\${project.basedir}/${root}</source>`),
      '              </sources>',
      '            </configuration>',
      '          </execution>',
      '        </executions>',
      '      </plugin>',
    ],
    "      <!-- One runnable jar with every dependency; service files merged for the serializers' SPI. -->",
    '      <plugin>',
    '        <groupId>org.apache.maven.plugins</groupId>',
    '        <artifactId>maven-shade-plugin</artifactId>',
    `        <version>${v.shadePlugin}</version>`,
    '        <executions>',
    '          <execution>',
    '            <phase>package</phase>',
    '            <goals>',
    '              <goal>shade</goal>',
    '            </goals>',
    '            <configuration>',
    '              <createDependencyReducedPom>false</createDependencyReducedPom>',
    '              <filters>',
    '                <filter>',
    '                  <artifact>*:*</artifact>',
    '                  <excludes>',
    '                    <exclude>META-INF/*.SF</exclude>',
    '                    <exclude>META-INF/*.DSA</exclude>',
    '                    <exclude>META-INF/*.RSA</exclude>',
    '                  </excludes>',
    '                </filter>',
    '              </filters>',
    '              <transformers>',
    '                <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>',
    input.mainClass
      ? [
          '                <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">',
          `                  <mainClass>${input.mainClass}</mainClass>`,
          '                </transformer>',
        ]
      : [],
    '              </transformers>',
    '            </configuration>',
    '          </execution>',
    '        </executions>',
    '      </plugin>',
    '    </plugins>',
    '  </build>',
    '</project>',
  );
}
