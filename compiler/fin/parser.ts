// Fin's grammar: a chevrotain CstParser with no embedded actions. cst-to-ast.ts turns its CST
// into the AST of ast.ts. Two deliberate shapes:
//  - binary expressions are a flat `unary (BinaryOp unary)*` list; precedence.ts folds it (one
//    rule per precedence level made parsing ~4x slower);
//  - repeated mixed children (postfix operators, statements, declarations) are each wrapped in
//    their own rule, because a CST node's children are grouped by kind and would lose their order.
// Error recovery is on, so one parse reports several syntax errors; a CST with errors is never
// turned into an AST.
import { CstParser, type CstNode, type IOrAlt } from 'chevrotain';
import * as T from './tokens.ts';

const Kw = T.Kw;

export class FinParser extends CstParser {
  /** Each OR's alternatives, built on the rule's first run and reused: otherwise every call
   *  allocates them again (and under tsx's keepNames, renames every closure) — this halves the
   *  parse time. */
  private alts: Record<string, IOrAlt<unknown>[]> = {};

  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  topItem = this.RULE('topItem', () => {
    this.OR(this.alts.topItem ??= [
      { ALT: () => this.SUBRULE(this.moduleDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.decl) },
    ]);
  });

  qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  moduleDecl = this.RULE('moduleDecl', () => {
    this.CONSUME(Kw.module);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.Semi);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(Kw.import);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(Kw.as);
      this.CONSUME(T.Identifier, { LABEL: 'alias' });
    });
    this.CONSUME(T.Semi);
  });

  decl = this.RULE('decl', () => {
    this.OPTION(() => this.CONSUME(Kw.pub));
    this.OR(this.alts.decl ??= [
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.varDecl) },
      { ALT: () => this.SUBRULE(this.structDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
    ]);
  });

  /** also a statement */
  constDecl = this.RULE('constDecl', () => {
    this.CONSUME(Kw.const);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type);
    });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  /** also a statement */
  varDecl = this.RULE('varDecl', () => {
    this.CONSUME(Kw.var);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression);
    });
    this.CONSUME(T.Semi);
  });

  structDecl = this.RULE('structDecl', () => {
    this.CONSUME(Kw.struct);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.fieldDecl);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.fieldDecl);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(Kw.enum);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type);
    });
    this.CONSUME(T.LBrace);
    this.OPTION2(() => {
      this.SUBRULE(this.enumMember);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.enumMember);
      });
      this.OPTION3(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  enumMember = this.RULE('enumMember', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression);
    });
  });

  typeDecl = this.RULE('typeDecl', () => {
    this.CONSUME(Kw.type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.type);
    this.CONSUME(T.Semi);
  });

  fnDecl = this.RULE('fnDecl', () => {
    this.OPTION(() => this.CONSUME(Kw.extern));
    this.CONSUME(Kw.fn);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION2(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.param);
      });
    });
    this.CONSUME(T.RParen);
    this.OPTION3(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.type);
    });
    this.OR(this.alts.fnDecl ??= [
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.CONSUME(T.Semi) },
    ]);
  });

  param = this.RULE('param', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  // ---------- types ----------

  type = this.RULE('type', () => {
    this.OR(this.alts.type ??= [
      { ALT: () => this.SUBRULE(this.pointerType) },
      { ALT: () => this.SUBRULE(this.arrayType) },
      { ALT: () => this.SUBRULE(this.fnType) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  pointerType = this.RULE('pointerType', () => {
    this.CONSUME(T.Star);
    this.SUBRULE(this.type);
  });

  arrayType = this.RULE('arrayType', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
    this.SUBRULE(this.type);
  });

  fnType = this.RULE('fnType', () => {
    this.CONSUME(Kw.fn);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.type, { LABEL: 'params' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.type, { LABEL: 'params' });
      });
    });
    this.CONSUME(T.RParen);
    this.OPTION2(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE3(this.type, { LABEL: 'ret' });
    });
  });

  // ---------- statements ----------

  block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE('statement', () => {
    this.OR(this.alts.statement ??= [
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.varDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.loopStmt) },
      { ALT: () => this.SUBRULE(this.breakStmt) },
      { ALT: () => this.SUBRULE(this.continueStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.switchStmt) },
      { ALT: () => this.SUBRULE(this.simpleStmt) },
    ]);
  });

  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(Kw.if);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block, { LABEL: 'then' });
    this.OPTION(() => {
      this.CONSUME(Kw.else);
      this.OR(this.alts.ifStmt ??= [
        { ALT: () => this.SUBRULE(this.ifStmt, { LABEL: 'elseIf' }) },
        { ALT: () => this.SUBRULE2(this.block, { LABEL: 'else' }) },
      ]);
    });
  });

  whileStmt = this.RULE('whileStmt', () => {
    this.CONSUME(Kw.while);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  forStmt = this.RULE('forStmt', () => {
    this.CONSUME(Kw.for);
    this.CONSUME(T.Identifier);
    this.CONSUME(Kw.in);
    this.SUBRULE(this.expression, { LABEL: 'from' });
    this.CONSUME(T.DotDot);
    this.SUBRULE2(this.expression, { LABEL: 'to' });
    this.SUBRULE(this.block);
  });

  loopStmt = this.RULE('loopStmt', () => {
    this.CONSUME(Kw.loop);
    this.SUBRULE(this.block);
  });

  breakStmt = this.RULE('breakStmt', () => {
    this.CONSUME(Kw.break);
    this.CONSUME(T.Semi);
  });

  continueStmt = this.RULE('continueStmt', () => {
    this.CONSUME(Kw.continue);
    this.CONSUME(T.Semi);
  });

  returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(Kw.return);
    this.OPTION(() => this.SUBRULE(this.expression));
    this.CONSUME(T.Semi);
  });

  switchStmt = this.RULE('switchStmt', () => {
    this.CONSUME(Kw.switch);
    this.SUBRULE(this.expression);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.switchArm));
    this.CONSUME(T.RBrace);
  });

  switchArm = this.RULE('switchArm', () => {
    this.OR(this.alts.switchArm ??= [
      {
        ALT: () => {
          this.CONSUME(Kw.case);
          this.SUBRULE(this.expression);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.expression);
          });
        },
      },
      { ALT: () => this.CONSUME(Kw.default) },
    ]);
    this.CONSUME(T.FatArrow);
    this.SUBRULE(this.statement);
  });

  /** `expr;` or `target op= value;` */
  simpleStmt = this.RULE('simpleStmt', () => {
    this.SUBRULE(this.expression, { LABEL: 'target' });
    this.OPTION(() => {
      this.CONSUME(T.AssignOp);
      this.SUBRULE2(this.expression, { LABEL: 'value' });
    });
    this.CONSUME(T.Semi);
  });

  // ---------- expressions ----------

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.BinaryOp);
      this.SUBRULE2(this.operand);
    });
  });

  /** prefix operators, a primary (literal, name, parenthesised expression, intrinsic), postfix
   *  operators: `-*p.f(x)[i] as T`. Prefix operators bind more loosely than postfix ones. One
   *  rule, not three nested ones, because every operand of every expression goes through it. */
  operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(T.UnaryOp));
    this.OR(this.alts.operand ??= [
      { ALT: () => this.CONSUME(T.IntLit) },
      { ALT: () => this.CONSUME(T.CharLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(Kw.true) },
      { ALT: () => this.CONSUME(Kw.false) },
      { ALT: () => this.CONSUME(Kw.null) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.layoutIntrinsic) },
      {
        ALT: () => {
          this.CONSUME(T.AtIdent);
          this.CONSUME2(T.LParen);
          this.OPTION(() => this.SUBRULE(this.args));
          this.CONSUME2(T.RParen);
        },
      },
    ]);
    this.MANY2(() => this.SUBRULE(this.postfixOp));
  });

  postfixOp = this.RULE('postfixOp', () => {
    this.OR(this.alts.postfixOp ??= [
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.SUBRULE(this.args));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.as);
          this.SUBRULE(this.type);
        },
      },
    ]);
  });

  args = this.RULE('args', () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  /** `sizeof(T)`, `@sizeof(T)`, `@alignof(T)`, `@offsetof(T, field)` */
  layoutIntrinsic = this.RULE('layoutIntrinsic', () => {
    this.OR(this.alts.layoutIntrinsic ??= [
      { ALT: () => this.CONSUME(Kw.sizeof) },
      { ALT: () => this.CONSUME(T.AtSizeof) },
      { ALT: () => this.CONSUME(T.AtAlignof) },
      { ALT: () => this.CONSUME(T.AtOffsetof) },
    ]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.type);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Identifier);
    });
    this.CONSUME(T.RParen);
  });
}

/** One parser for the process: building it analyses the whole grammar. `parser.input = tokens`
 *  resets its state, so it is reused for every file. */
export const parser = new FinParser();

export type { CstNode };
