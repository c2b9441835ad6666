// Parses Python with tree-sitter and copies the tree into flat arrays in one call: the layout
// of server/src/engine/python/frozen-tree.ts, which otherwise builds it with a cursor walk from
// JS (seven calls into the binding per node, about twice the parse's own cost on a scan).
// The same tree-sitter runtime and grammar sources as the tree-sitter and tree-sitter-python
// packages, so the same trees, node types and fields.
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);


typedef struct {
  uint32_t size, capacity;
  uint16_t *type_ids, *field_ids;
  int32_t *starts, *ends, *parents, *nexts, *prevs, *last_children;
  uint8_t *errors;
} Built;

static int grow(Built *b, int broken) {
  uint32_t capacity = b->capacity ? b->capacity * 2 : 1024;
#define GROW(field, type) { type *p = realloc(b->field, (size_t)capacity * sizeof(type)); if (!p) return 0; b->field = p; }
  GROW(type_ids, uint16_t) GROW(field_ids, uint16_t) GROW(starts, int32_t) GROW(ends, int32_t)
  GROW(parents, int32_t) GROW(nexts, int32_t) GROW(prevs, int32_t) GROW(last_children, int32_t)
  if (broken) GROW(errors, uint8_t)
#undef GROW
  b->capacity = capacity;
  return 1;
}

static void release(Built *b) {
  free(b->type_ids); free(b->field_ids); free(b->starts); free(b->ends);
  free(b->parents); free(b->nexts); free(b->prevs); free(b->last_children); free(b->errors);
}

// One cursor walk over the visible nodes, parents before children (frozen-tree.ts's freeze()).
static int freeze(TSTree *tree, Built *b) {
  TSNode root = ts_tree_root_node(tree);
  int broken = ts_node_has_error(root);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  int32_t parent = -1;
  int ok = 1;
  for (;;) {
    if (b->size == b->capacity && !grow(b, broken)) { ok = 0; break; }
    int32_t node = (int32_t)b->size++;
    TSNode current = ts_tree_cursor_current_node(&cursor);
    b->type_ids[node] = ts_node_symbol(current);
    b->starts[node] = (int32_t)(ts_node_start_byte(current) / 2);
    b->ends[node] = (int32_t)(ts_node_end_byte(current) / 2);
    b->parents[node] = parent;
    b->nexts[node] = -1;
    b->last_children[node] = -1;
    b->field_ids[node] = 0;
    if (broken) b->errors[node] = ts_node_has_error(current) ? 1 : 0;
    if (parent != -1) {
      b->field_ids[node] = ts_tree_cursor_current_field_id(&cursor);
      int32_t previous = b->last_children[parent];
      b->prevs[node] = previous;
      if (previous != -1) b->nexts[previous] = node;
      b->last_children[parent] = node;
    } else b->prevs[node] = -1;
    if (ts_tree_cursor_goto_first_child(&cursor)) { parent = node; continue; }
    int moved = ts_tree_cursor_goto_next_sibling(&cursor);
    while (!moved && parent != -1) {
      ts_tree_cursor_goto_parent(&cursor);
      parent = b->parents[parent];
      if (parent == -1) break;
      moved = ts_tree_cursor_goto_next_sibling(&cursor);
    }
    if (!moved) break;
  }
  ts_tree_cursor_delete(&cursor);
  return ok ? (broken ? 2 : 1) : 0;
}

static napi_value typed(napi_env env, napi_typedarray_type type, const void *data, size_t count, size_t width) {
  void *out; napi_value buffer, array;
  napi_create_arraybuffer(env, count * width, &out, &buffer);
  if (count) memcpy(out, data, count * width);
  napi_create_typedarray(env, type, count, buffer, 0, &array);
  return array;
}

static void set(napi_env env, napi_value object, const char *name, napi_value value) {
  napi_set_named_property(env, object, name, value);
}

// parse(text: string) -> { size, typeIds, starts, ends, fieldIds, parents, nexts, prevs, lastChildren, errors? }
static napi_value Parse(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t length = 0;
  if (argc < 1 || napi_get_value_string_utf16(env, argv[0], NULL, 0, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "parse(text): a string");
    return NULL;
  }
  char16_t *text = malloc((length + 1) * sizeof(char16_t));
  if (!text) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  napi_get_value_string_utf16(env, argv[0], text, length + 1, &length);
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, (const char *)text, (uint32_t)(length * 2), TSInputEncodingUTF16LE);
  free(text);
  ts_parser_delete(parser);
  if (!tree) { napi_throw_error(env, NULL, "tree-sitter gave no tree"); return NULL; }
  Built b = {0};
  int frozen = freeze(tree, &b);
  ts_tree_delete(tree);
  if (!frozen) { release(&b); napi_throw_error(env, NULL, "out of memory"); return NULL; }
  napi_value result, size;
  napi_create_object(env, &result);
  napi_create_uint32(env, b.size, &size);
  set(env, result, "size", size);
  set(env, result, "typeIds", typed(env, napi_uint16_array, b.type_ids, b.size, 2));
  set(env, result, "starts", typed(env, napi_int32_array, b.starts, b.size, 4));
  set(env, result, "ends", typed(env, napi_int32_array, b.ends, b.size, 4));
  set(env, result, "fieldIds", typed(env, napi_uint16_array, b.field_ids, b.size, 2));
  set(env, result, "parents", typed(env, napi_int32_array, b.parents, b.size, 4));
  set(env, result, "nexts", typed(env, napi_int32_array, b.nexts, b.size, 4));
  set(env, result, "prevs", typed(env, napi_int32_array, b.prevs, b.size, 4));
  set(env, result, "lastChildren", typed(env, napi_int32_array, b.last_children, b.size, 4));
  if (frozen == 2) set(env, result, "errors", typed(env, napi_uint8_array, b.errors, b.size, 1));
  release(&b);
  return result;
}

// symbol(id) -> [type name, named] of a type id (a node's symbol, its alias where it has one), or undefined.
// Named as ts_node_is_named says of a visible node: the symbol's metadata (ERROR is named).
static napi_value Symbol(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; uint32_t id = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_value result;
  const TSLanguage *language = tree_sitter_python();
  const char *type = NULL;
  if (argc >= 1 && napi_get_value_uint32(env, argv[0], &id) == napi_ok && id <= 65535) type = ts_language_symbol_name(language, (TSSymbol)id);
  if (!type) {
    napi_get_undefined(env, &result);
    return result;
  }
  napi_value name, named;
  napi_create_string_utf8(env, type, NAPI_AUTO_LENGTH, &name);
  napi_get_boolean(env, ts_language_symbol_type(language, (TSSymbol)id) == TSSymbolTypeRegular, &named);
  napi_create_array_with_length(env, 2, &result);
  napi_set_element(env, result, 0, name);
  napi_set_element(env, result, 1, named);
  return result;
}

// field(id) -> the field's name, or undefined.
static napi_value Field(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1]; uint32_t id = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_value result;
  const char *name = NULL;
  if (argc >= 1 && napi_get_value_uint32(env, argv[0], &id) == napi_ok && id > 0 && id <= 65535) name = ts_language_field_name_for_id(tree_sitter_python(), (TSFieldId)id);
  if (name) napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &result);
  else napi_get_undefined(env, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    { "parse", NULL, Parse, NULL, NULL, NULL, napi_default, NULL },
    { "symbol", NULL, Symbol, NULL, NULL, NULL, napi_default, NULL },
    { "field", NULL, Field, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, 3, properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
