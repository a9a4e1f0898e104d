import {
  BinaryOperationNode,
  OperatorNode,
  RawNode,
  SelectQueryNode,
  ValueNode,
  WhereNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** Lists this long or longer go as one array: a short fixed list (two statuses) reads as well either way. */
export const LIST_AS_ARRAY_FROM = 3;

/**
 * Sends a select's `where column in (…values)` as `column = any($1)`, the values as one array parameter.
 *
 * A list of values is one parameter a value, so the statement's text changes with the list's length and a
 * list of more than 64 values (PREPARED_MAX_PARAMETERS) is never a named prepared statement: it is parsed and
 * planned afresh every time, and the planner reads every value. The work list reads the records of every
 * service its officer leads (about 190 on the council demo) in a dozen such statements; on PGlite each cost
 * 5–20 ms (issue 16). As one array the statement's text is the same for any number of ids, so it is named
 * and planned once. PostgreSQL takes the array's type from the column (`uuid = any($1)` reads `$1` as
 * `uuid[]`), and `= any` finds the same rows as `in` (it is how PostgreSQL plans `in` lists itself).
 *
 * Only the top-level select's own `where`, through its `and`s, `or`s and parentheses, and only a plain column
 * on the left: walking every node of every statement would cost more than it saves (see limits-inlined.ts).
 */
export class ListsAsArrays implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const { node } = args;
    if (!SelectQueryNode.is(node) || !node.where) return node;
    const where = rewritten(node.where.where);
    return where === node.where.where ? node : { ...node, where: WhereNode.create(where) };
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

type Pair = OperationNode & { readonly left: OperationNode; readonly right: OperationNode };

function rewritten(node: OperationNode): OperationNode {
  if (node.kind === 'AndNode' || node.kind === 'OrNode') {
    const pair = node as Pair;
    const left = rewritten(pair.left);
    const right = rewritten(pair.right);
    return left === pair.left && right === pair.right ? node : ({ ...pair, left, right } as OperationNode);
  }
  if (node.kind === 'ParensNode') {
    const inner = (node as OperationNode & { readonly node: OperationNode }).node;
    const changed = rewritten(inner);
    return changed === inner ? node : ({ ...node, node: changed } as OperationNode);
  }
  if (!BinaryOperationNode.is(node)) return node;
  const { leftOperand, operator, rightOperand } = node;
  if (
    !OperatorNode.is(operator) ||
    operator.operator !== 'in' ||
    leftOperand.kind !== 'ReferenceNode' ||
    rightOperand.kind !== 'PrimitiveValueListNode'
  )
    return node;
  const values = (rightOperand as OperationNode & { readonly values: readonly unknown[] }).values;
  if (values.length < LIST_AS_ARRAY_FROM || values.some((v) => v === null || v === undefined || typeof v === 'object')) return node;
  return BinaryOperationNode.create(leftOperand, OperatorNode.create('='), RawNode.create(['any(', ')'], [ValueNode.create([...values])]));
}
