// The .nn language, version 1 (see docs/language.md). No actions: the
// compiler's syntax package builds its own tree from this parse tree.
grammar Nn;

file
    : statement* EOF
    ;

statement
    : 'model' name=ID ';'?                                    # modelStatement
    | 'input' name=ID dimensions? ';'?                        # inputStatement
    | 'target' name=ID dimensions? ';'?                       # targetStatement
    | 'param' name=ID dimensions? initializer? ';'?           # paramStatement
    | 'const' name=ID dimensions? initializer? ';'?           # constStatement
    | name=ID '=' expr ';'?                                   # bindingStatement
    | 'output' expr ';'?                                      # outputStatement
    | 'loss' expr ';'?                                        # lossStatement
    ;

dimensions
    : '[' signedNumber (',' signedNumber)* ']'
    ;

initializer
    : '=' signedNumber                                        # constantInitializer
    | '=' tensorLiteral                                       # literalInitializer
    | '~' distribution=ID ('(' (signedNumber (',' signedNumber)*)? ')')?   # randomInitializer
    ;

// Alternatives from tightest to loosest binding.
expr
    : expr '[' signedNumber (',' signedNumber)* ']'          # indexExpr
    | expr '\''                                               # transposeExpr
    | <assoc=right> expr '^' expr                             # powerExpr
    | '-' expr                                                # negateExpr
    | expr '@' expr                                           # matmulExpr
    | expr op=('*' | '/') expr                                # mulDivExpr
    | expr op=('+' | '-') expr                                # addSubExpr
    | NUMBER                                                  # numberExpr
    | name=ID '(' (expr (',' expr)*)? ')'                     # callExpr
    | name=ID                                                 # nameExpr
    | '(' expr ')'                                            # parenExpr
    | tensorLiteral                                           # tensorExpr
    ;

tensorLiteral
    : '[' signedNumber (',' signedNumber)* ']'                # vectorLiteral
    | '[' tensorLiteral (',' tensorLiteral)* ']'              # nestedLiteral
    ;

signedNumber
    : '-'? NUMBER
    ;

ID      : [A-Za-z_] [A-Za-z0-9_]* ;
NUMBER  : DIGITS ('.' DIGITS?)? EXPONENT?
        | '.' DIGITS EXPONENT?
        ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;

// Anything else is one bad character, reported by the lexer's error listener
// as a diagnostic rather than silently dropped.
BAD_CHARACTER : . ;
