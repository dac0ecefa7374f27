# openapi-check.jq — does a response match the OpenAPI document's schema for
# its operation and status? The document is $doc; the response body is the
# input; $method, $path (the template, /sessions/{id}) and $status name the
# operation ($docs: the document, from --slurpfile). Prints one line per mismatch ("$.items[0].score: expected
# number or null, got string"); nothing when it matches.
#
# JSON Schema as the document uses it: $ref, type (one or a list), enum,
# const, required, properties, additionalProperties, items, minimum, maximum,
# minProperties, minLength, anyOf, oneOf.

$docs[0] as $doc |

def deref:
  if type == "object" and has("$ref") then
    (.["$ref"] | ltrimstr("#/") | split("/") | map(gsub("~1"; "/") | gsub("~0"; "~"))) as $p
    | $doc | getpath($p) | deref
  else . end;

def kind:
  if type == "number" then (if . == floor then "integer" else "number" end) else type end;

def kind_ok($ts):
  kind as $k | any($ts[]; . == $k or (. == "number" and $k == "integer"));

def check($s; $at):
  ($s | deref) as $s
  | if ($s | type) != "object" then empty
    else
      . as $v
      | (if $s | has("type") then
           ([$s.type] | flatten) as $ts
           | if ($v | kind_ok($ts)) then empty
             else "\($at): expected \($ts | join(" or ")), got \($v | kind)" end
         else empty end),
        (if $s | has("enum") then
           if any($s.enum[]; . == $v) then empty
           else "\($at): \($v | tojson) is not one of \($s.enum | map(tojson) | join(", "))" end
         else empty end),
        (if $s | has("const") then
           if $v == $s.const then empty else "\($at): expected \($s.const | tojson)" end
         else empty end),
        (if ($v | type) == "number" then
           (if $s.minimum != null and $v < $s.minimum then "\($at): \($v) is below \($s.minimum)" else empty end),
           (if $s.maximum != null and $v > $s.maximum then "\($at): \($v) is above \($s.maximum)" else empty end)
         else empty end),
        (if ($v | type) == "string" and $s.minLength != null and ($v | length) < $s.minLength then
           "\($at): shorter than \($s.minLength)" else empty end),
        (if ($v | type) == "object" then
           ($s.required // [] | .[] | select(. as $k | $v | has($k) | not) | "\($at): missing '\(.)'"),
           (if $s.minProperties != null and ($v | length) < $s.minProperties then
              "\($at): fewer than \($s.minProperties) fields" else empty end),
           ($v | to_entries[] | . as $e
            | if ($s.properties // {}) | has($e.key) then
                $e.value | check($s.properties[$e.key]; "\($at).\($e.key)")
              elif $s.additionalProperties == false then
                "\($at): unexpected field '\($e.key)'"
              elif ($s.additionalProperties | type) == "object" then
                $e.value | check($s.additionalProperties; "\($at).\($e.key)")
              else empty end)
         else empty end),
        (if ($v | type) == "array" and ($s | has("items")) then
           range(0; $v | length) as $i | $v[$i] | check($s.items; "\($at)[\($i)]")
         else empty end),
        (if $s | has("anyOf") then
           if any($s.anyOf[]; . as $alt | [$v | check($alt; $at)] | length == 0) then empty
           else "\($at): matches none of anyOf" end
         else empty end),
        (if $s | has("oneOf") then
           ([$s.oneOf[] | . as $alt | select([$v | check($alt; $at)] | length == 0)] | length) as $n
           | if $n == 1 then empty else "\($at): matches \($n) of oneOf, not 1" end
         else empty end)
    end;

($doc.paths[$path] // null) as $item
| if $item == null then "no path \($path) in the document"
  else ($item[$method | ascii_downcase] // null) as $op
  | if $op == null then "no operation \($method) \($path) in the document"
    else ($op.responses[$status] // $op.responses.default // null | deref) as $r
    | if $r == null then "\($method) \($path): status \($status) is not documented"
      else ($r.content["application/json"].schema // null) as $schema
      | if $schema == null then "\($method) \($path) \($status): no application/json schema"
        else check($schema; "$") end
      end
    end
  end
