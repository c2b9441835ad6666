{
  "targets": [
    {
      "target_name": "vigil_python_frozen",
      "sources": [
        "src/frozen.c",
        "<(tree_sitter)/vendor/tree-sitter/lib/src/lib.c",
        "<(grammar)/src/parser.c",
        "<(grammar)/src/scanner.c"
      ],
      "include_dirs": [
        "<(tree_sitter)/vendor/tree-sitter/lib/include",
        "<(tree_sitter)/vendor/tree-sitter/lib/src",
        "<(grammar)/src"
      ],
      "cflags_c": ["-std=c11", "-O2"],
      "defines": ["_POSIX_C_SOURCE=200112L", "_DEFAULT_SOURCE", "NAPI_VERSION=8"]
    }
  ],
  "variables": {
    "tree_sitter": "<!(node -p \"require('path').relative('.', require('path').dirname(require.resolve('tree-sitter/package.json')))\")",
    "grammar": "<!(node -p \"require('path').relative('.', require('path').dirname(require.resolve('tree-sitter-python/package.json')))\")"
  }
}
