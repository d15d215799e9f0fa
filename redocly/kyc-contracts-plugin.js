// Project-specific lint rules for kyc-contracts specs (see redocly.yaml and docs/spec-style.md).
// Each rule pins a convention the contract tests rely on: the mock tests drive every operation
// from the spec's own examples, and evidence marks keep inferred facts visible.

/** Every operation carries at least one tag (the built-in rules only check that tags are declared). */
function OperationTag() {
  return {
    Operation: {
      enter(operation, ctx) {
        if (!Array.isArray(operation.tags) || operation.tags.length === 0) {
          ctx.report({ message: 'Operation must have at least one tag.', location: ctx.location.key() });
        }
      },
    },
  };
}

/** Every property of every schema says what it is, next to the property or on the schema it references. */
function PropertyDescription() {
  return {
    SchemaProperties: {
      enter(properties, ctx) {
        for (const [name, schema] of Object.entries(properties)) {
          if (!schema || typeof schema !== 'object') continue;
          if (typeof schema.description === 'string' && schema.description.trim() !== '') continue;
          if (schema.$ref) {
            const target = ctx.resolve(schema).node;
            if (target && typeof target.description === 'string' && target.description.trim() !== '') continue;
          }
          ctx.report({
            message: `Property \`${name}\` must have a description.`,
            location: ctx.location.child([name]).key(),
          });
        }
      },
    },
  };
}

const hasExample = (media) =>
  media && (media.example !== undefined || (media.examples && Object.keys(media.examples).length > 0));

/** Request bodies carry an example: the mock contract tests send it as the valid request. */
function RequestBodyExample() {
  return {
    RequestBody: {
      enter(body, ctx) {
        for (const [mediaType, media] of Object.entries(body.content ?? {})) {
          if (!hasExample(media)) {
            ctx.report({
              message: `Request body \`${mediaType}\` must have an example.`,
              location: ctx.location.child(['content', mediaType]).key(),
            });
          }
        }
      },
    },
  };
}

/** Path and header parameters carry an example, so a valid request can be built from the spec alone. */
function ParameterExample() {
  return {
    Parameter: {
      enter(parameter, ctx) {
        if (parameter.in !== 'path' && !(parameter.in === 'header' && parameter.required)) return;
        const schemaExample = parameter.schema && (parameter.schema.example !== undefined || parameter.schema.examples);
        if (parameter.example === undefined && !parameter.examples && !schemaExample) {
          ctx.report({ message: `Parameter \`${parameter.name}\` must have an example.`, location: ctx.location.key() });
        }
      },
    },
  };
}

/** Every response that has a body has at least one example. */
function ResponseExample() {
  return {
    Response: {
      enter(response, ctx) {
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          if (!hasExample(media)) {
            ctx.report({
              message: `Response \`${mediaType}\` must have an example.`,
              location: ctx.location.child(['content', mediaType]).key(),
            });
          }
        }
      },
    },
  };
}

const MARKS = new Set(['C', 'K', 'I', 'L']);

/** `x-evidence` is a list of {source, mark} with mark one of C (confirmed), K (client code), I (inferred), L (legacy). */
function EvidenceMarks() {
  const check = (node, ctx) => {
    const evidence = node['x-evidence'];
    if (evidence === undefined) return;
    if (!Array.isArray(evidence) || evidence.length === 0) {
      ctx.report({ message: '`x-evidence` must be a non-empty list.', location: ctx.location.child(['x-evidence']) });
      return;
    }
    evidence.forEach((item, index) => {
      const where = ctx.location.child(['x-evidence', index]);
      if (!item || typeof item !== 'object' || typeof item.source !== 'string' || !MARKS.has(item.mark)) {
        ctx.report({ message: 'Each `x-evidence` item needs `source` (string) and `mark` (C, K, I or L).', location: where });
      }
    });
  };
  return { Operation: { enter: check }, Schema: { enter: check }, Root: { enter: check } };
}

export default function kycContractsPlugin() {
  return {
    id: 'kyc',
    rules: {
      oas3: {
        'operation-tag': OperationTag,
        'property-description': PropertyDescription,
        'request-body-example': RequestBodyExample,
        'parameter-example': ParameterExample,
        'response-example': ResponseExample,
        'evidence-marks': EvidenceMarks,
      },
    },
  };
}
