import Foundation

/// The OpenAPI 3.1 description of the API, served at `/openapi.json`. It is the API's contract: CI validates it with
/// openapi-spec-validator, and `APIConformanceTests` calls every operation in it and checks each answer's status and
/// body against what it documents. Change it with the routes.
enum OpenAPIDocument {
    /// The document's bytes.
    static let json: [UInt8] = Array(text.utf8)

    static let text = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "Vigil API",
  "version": "1.0.0",
  "description": "Public-internet threat monitoring and disposal. Every /api/v1 request needs `Authorization: Bearer <token>` (`vigil tokens create USER`); each caller sees only its own part of the data (ministry and auditor: everything; province: its province; organization: its tickets and threats; reporter: its submissions). Errors are JSON `{\"error\": {\"code\", \"message\"}}`. Lists are `{\"items\": [...], \"next_cursor\": ...}`: pass next_cursor as `cursor` for the next page."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/healthz": {
   "get": {
    "summary": "The process is up.",
    "operationId": "healthz",
    "security": [],
    "responses": {
     "200": {
      "description": "ok",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/readyz": {
   "get": {
    "summary": "The store answers.",
    "operationId": "readyz",
    "security": [],
    "responses": {
     "200": {
      "description": "ready",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "503": {
      "description": "The store does not answer.",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics: threats, tickets by state, overdue tickets, the review queue, waiting notices, request latency.",
    "operationId": "metrics",
    "security": [],
    "responses": {
     "200": {
      "description": "Prometheus text format 0.0.4.",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document.",
    "operationId": "openapi",
    "security": [],
    "responses": {
     "200": {
      "description": "OpenAPI 3.1.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/threats": {
   "get": {
    "summary": "Search threats, newest sighting first.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ThreatPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "An indicator (IP, CIDR, domain, URL, e-mail, phone, hash): its threats of every kind.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "description": "A kind's wire name (vigil kinds).",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "description": "malicious_resource, malware, hazard, incident, other.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/province"
     },
     {
      "name": "operator",
      "in": "query",
      "required": false,
      "description": "chinaTelecom, chinaUnicom, chinaMobile …",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "organization",
      "in": "query",
      "required": false,
      "description": "A directory id.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "YYYY-MM-DD or ISO 8601: last seen at or after.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "threats"
    ],
    "operationId": "getThreats"
   }
  },
  "/api/v1/threats/{id}": {
   "get": {
    "summary": "One threat with its sightings, attribution, determination, ticket, appeals and grade.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ThreatDetail"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Threat id: 16 hex digits.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "threats"
    ],
    "operationId": "getThreatsById"
   }
  },
  "/api/v1/threats/{id}/determination": {
   "post": {
    "summary": "Confirm or reject a threat (or decide its pending appeal); ministry, or the threat's province.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Determination"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Threat id: 16 hex digits.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "decision",
         "reason"
        ],
        "properties": {
         "decision": {
          "type": "string",
          "enum": [
           "confirm",
           "reject"
          ]
         },
         "reason": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "review"
    ],
    "operationId": "postThreatsByIdDetermination"
   }
  },
  "/api/v1/review": {
   "get": {
    "summary": "The review queue: pending appeals first, then threats no rule decided.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReviewPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/province"
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "review"
    ],
    "operationId": "getReview"
   }
  },
  "/api/v1/tickets": {
   "get": {
    "summary": "Tickets, newest first.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TicketPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "description": "Repeatable: issued, acknowledged, reportedDone, verified, reopened, closed, withdrawn.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/province"
     },
     {
      "name": "organization",
      "in": "query",
      "required": false,
      "description": "A directory id.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "measure",
      "in": "query",
      "required": false,
      "description": "A measure, e.g. stopService.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "overdue",
      "in": "query",
      "required": false,
      "description": "true: only open tickets past their deadline.",
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "tickets"
    ],
    "operationId": "getTickets"
   }
  },
  "/api/v1/tickets/{id}": {
   "get": {
    "summary": "One ticket with its threats, notices, extension requests and audit trail.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TicketDetail"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "tickets"
    ],
    "operationId": "getTicketsById"
   }
  },
  "/api/v1/tickets/{id}/acknowledge": {
   "post": {
    "summary": "The organization has received the ticket.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticket"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Note"
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdAcknowledge"
   }
  },
  "/api/v1/tickets/{id}/done": {
   "post": {
    "summary": "The organization reports the measure done (note required).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticket"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "note"
        ],
        "properties": {
         "note": {
          "type": "string"
         },
         "evidence": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdDone"
   }
  },
  "/api/v1/tickets/{id}/verify": {
   "post": {
    "summary": "Record a re-check: fixed (verified) or not (reopened). Ministry or province.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticket"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "fixed"
        ],
        "properties": {
         "fixed": {
          "type": "boolean"
         },
         "note": {
          "type": "string"
         },
         "evidence": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdVerify"
   }
  },
  "/api/v1/tickets/{id}/close": {
   "post": {
    "summary": "Close a verified ticket. Ministry or province.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticket"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Note"
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdClose"
   }
  },
  "/api/v1/tickets/{id}/appeal": {
   "post": {
    "summary": "Appeal the ticket's threats, or some of them (申诉).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "appeals"
         ],
         "properties": {
          "appeals": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Appeal"
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "reason"
        ],
        "properties": {
         "reason": {
          "type": "string"
         },
         "threats": {
          "type": "array",
          "items": {
           "type": "string"
          }
         }
        }
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdAppeal"
   }
  },
  "/api/v1/tickets/{id}/extension": {
   "post": {
    "summary": "Ask for more time.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Extension"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "hours",
         "reason"
        ],
        "properties": {
         "hours": {
          "type": "integer"
         },
         "reason": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdExtension"
   }
  },
  "/api/v1/tickets/{id}/extension/decision": {
   "post": {
    "summary": "Grant or deny the pending extension request. Ministry or province.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Extension"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "grant",
         "reason"
        ],
        "properties": {
         "grant": {
          "type": "boolean"
         },
         "reason": {
          "type": "string"
         }
        }
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdExtensionDecision"
   }
  },
  "/api/v1/tickets/{id}/escalate": {
   "post": {
    "summary": "Take the next escalation step now. Ministry or province.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticket"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Ticket number: 12 or VGL-12.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Reason"
       }
      }
     }
    },
    "tags": [
     "tickets"
    ],
    "operationId": "postTicketsByIdEscalate"
   }
  },
  "/api/v1/organizations": {
   "get": {
    "summary": "Organizations with their tickets.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrganizationPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/province"
     },
     {
      "name": "type",
      "in": "query",
      "required": false,
      "description": "An organization type.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "with_tickets",
      "in": "query",
      "required": false,
      "description": "true: only those with tickets.",
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "The next_cursor of the page before.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "organizations"
    ],
    "operationId": "getOrganizations"
   }
  },
  "/api/v1/organizations/{id}": {
   "get": {
    "summary": "One organization with its disposal performance.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/OrganizationDetail"
        }
       }
      }
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Organization id from the directory, e.g. chinatelecom-440000.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "organizations"
    ],
    "operationId": "getOrganizationsById"
   }
  },
  "/api/v1/statistics": {
   "get": {
    "summary": "Threat counts by category, kind, province and operator; tickets by state.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Statistics"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/province"
     },
     {
      "name": "organization",
      "in": "query",
      "required": false,
      "description": "A directory id.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "statistics"
    ],
    "operationId": "getStatistics"
   }
  },
  "/api/v1/performance": {
   "get": {
    "summary": "Disposal performance: time to dispose, overdue and reopen rates.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PerformancePage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "by",
      "in": "query",
      "required": false,
      "description": "organization or province.",
      "schema": {
       "type": "string",
       "enum": [
        "organization",
        "province"
       ]
      }
     },
     {
      "$ref": "#/components/parameters/province"
     }
    ],
    "tags": [
     "statistics"
    ],
    "operationId": "getPerformance"
   }
  },
  "/api/v1/observations": {
   "post": {
    "summary": "Submit a file of observations; it is ingested as a batch through the same collect path as `vigil ingest`.",
    "responses": {
     "200": {
      "description": "The same bytes were ingested before: nothing changed.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Submission"
        }
       }
      }
     },
     "201": {
      "description": "Ingested as a new batch.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Submission"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "413": {
      "description": "The body is larger than the server's upload limit.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "The file cannot be read in the format given (e.g. unknown encoding or format).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "auto (default: detected), jsonl, list, shadowserver, stix, misp, intelmq, eve, or a feed preset.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "source",
      "in": "query",
      "required": false,
      "description": "The reporting source (default and, for reporters, always: the user's name).",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "description": "The kind of every row of a list.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "report_type",
      "in": "query",
      "required": false,
      "description": "A Shadowserver report type, e.g. scan_ntp.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "name",
      "in": "query",
      "required": false,
      "description": "The file's name, kept with the batch.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "batches"
    ],
    "operationId": "postObservations",
    "requestBody": {
     "required": true,
     "content": {
      "application/octet-stream": {
       "schema": {
        "type": "string",
        "contentMediaType": "application/octet-stream"
       }
      },
      "application/x-ndjson": {
       "schema": {
        "type": "string"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "/api/v1/batches": {
   "get": {
    "summary": "Batches, newest first (the ministry and auditors: all; others: their own submissions).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BatchPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "batches"
    ],
    "operationId": "getBatches"
   }
  },
  "/api/v1/batches/{id}": {
   "get": {
    "summary": "One batch and its accounting (rows = observations + rejects).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Batch"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Batch id.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "batches"
    ],
    "operationId": "getBatchesById"
   }
  },
  "/api/v1/batches/{id}/rejects": {
   "get": {
    "summary": "A batch's rejected rows, with reason and raw text.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RejectPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "Batch id.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "The next_cursor of the page before.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "batches"
    ],
    "operationId": "getBatchesByIdRejects"
   }
  },
  "/api/v1/rejects": {
   "get": {
    "summary": "Rejected rows of every visible batch, in batch and row order.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RejectPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "The next_cursor of the page before.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "batches"
    ],
    "operationId": "getRejects"
   }
  },
  "/api/v1/audit": {
   "get": {
    "summary": "The audit log, newest first: logins, writes, decisions, transitions, with source IP. Ministry and auditors.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AuditPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "actor",
      "in": "query",
      "required": false,
      "description": "A user name.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "action",
      "in": "query",
      "required": false,
      "description": "e.g. login, decide, acknowledge.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "object_type",
      "in": "query",
      "required": false,
      "description": "threat, ticket, user, batch …",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "object_id",
      "in": "query",
      "required": false,
      "description": "The object's id.",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "YYYY-MM-DD or ISO 8601.",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "audit"
    ],
    "operationId": "getAudit"
   }
  },
  "/api/v1/watches": {
   "get": {
    "summary": "Watches (重大活动保障): names, pages and hosts checked every interval, with how many checks are in alert. Ministry and auditors.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WatchPage"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "tags": [
     "watches"
    ],
    "operationId": "getWatches"
   }
  },
  "/api/v1/watches/{id}": {
   "get": {
    "summary": "One watch: its specification, each check's last verdict, its latest alerts.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WatchDetail"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "The watch's id.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "watches"
    ],
    "operationId": "getWatchesById"
   }
  },
  "/api/v1/alerts": {
   "get": {
    "summary": "Watch alerts, newest first: DNS answer changed, DNSSEC bogus, page defaced, hidden links, unreachable, recovered.",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AlertPage"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "watch",
      "in": "query",
      "required": false,
      "description": "Only this watch's alerts (its id).",
      "schema": {
       "type": "string"
      }
     },
     {
      "$ref": "#/components/parameters/limit"
     },
     {
      "$ref": "#/components/parameters/cursor"
     }
    ],
    "tags": [
     "watches"
    ],
    "operationId": "getAlerts"
   }
  },
  "/api/v1/rechecks/rates": {
   "get": {
    "summary": "Fix rates from re-checks (复核), per organization and per network prefix (/24, /48).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/FixRates"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "Only re-checks completed since (YYYY-MM-DD or ISO 8601).",
      "schema": {
       "type": "string"
      }
     }
    ],
    "tags": [
     "watches"
    ],
    "operationId": "getRecheckRates"
   }
  },
  "/api/v1/blocklists/{list}": {
   "get": {
    "summary": "A blocklist as a file, brought up to date like `vigil export`: the RPZ zone, IPs, domains, URLs, a hosts file or Suricata IP reputation. The list's serial is in X-Vigil-Serial. Ministry, auditors, provinces and organizations.",
    "responses": {
     "200": {
      "description": "The file.",
      "headers": {
       "X-Vigil-Serial": {
        "description": "The list's serial (the RPZ zone's SOA serial).",
        "schema": {
         "type": "string"
        }
       }
      },
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "parameters": [
     {
      "name": "list",
      "in": "path",
      "required": true,
      "description": "rpz, ips, domains, urls, hosts or suricata.",
      "schema": {
       "type": "string",
       "enum": [
        "rpz",
        "ips",
        "domains",
        "urls",
        "hosts",
        "suricata"
       ]
      }
     }
    ],
    "tags": [
     "blocklists"
    ],
    "operationId": "getBlocklist"
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "An API token (vgl_…) from `vigil tokens create`."
   }
  },
  "parameters": {
   "limit": {
    "name": "limit",
    "in": "query",
    "required": false,
    "description": "Items per page, 1 to 1000.",
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 1000
    }
   },
   "cursor": {
    "name": "cursor",
    "in": "query",
    "required": false,
    "description": "The next_cursor of the page before.",
    "schema": {
     "type": "string"
    }
   },
   "province": {
    "name": "province",
    "in": "query",
    "required": false,
    "description": "A GB/T 2260 province code, e.g. 440000.",
    "schema": {
     "type": "integer"
    }
   }
  },
  "responses": {
   "Unauthorized": {
    "description": "No token, or an unknown or revoked one, or a disabled user's.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "RateLimited": {
    "description": "Too many requests; wait Retry-After seconds.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "headers": {
     "Retry-After": {
      "schema": {
       "type": "integer"
      }
     }
    }
   },
   "BadRequest": {
    "description": "A parameter or the body is wrong; the message says which.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Forbidden": {
    "description": "The caller's role may not do this.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such object in the caller's part of the data.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "The object is not in a state that allows this (the message names the allowed ones).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "description": "Stable, machine-readable."
       },
       "message": {
        "type": "string",
        "description": "What to do about it."
       }
      }
     }
    }
   },
   "Threat": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "category",
     "indicator_type",
     "indicator",
     "first_seen",
     "last_seen",
     "sightings",
     "sources",
     "operator"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "category": {
      "type": "string"
     },
     "indicator_type": {
      "type": "string"
     },
     "indicator": {
      "type": "string"
     },
     "first_seen": {
      "type": "string",
      "format": "date-time"
     },
     "last_seen": {
      "type": "string",
      "format": "date-time"
     },
     "sightings": {
      "type": "integer"
     },
     "sources": {
      "type": "integer"
     },
     "country": {
      "type": "string"
     },
     "province": {
      "type": "integer"
     },
     "city": {
      "type": "string"
     },
     "operator": {
      "type": "string"
     },
     "asn": {
      "type": "integer"
     },
     "organization": {
      "type": "string"
     }
    }
   },
   "Determination": {
    "type": "object",
    "required": [
     "decision",
     "rule",
     "evidence",
     "decided_by",
     "decided_at"
    ],
    "properties": {
     "decision": {
      "type": "string",
      "enum": [
       "confirmed",
       "rejected",
       "needsReview"
      ]
     },
     "rule": {
      "type": "string"
     },
     "evidence": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "decided_by": {
      "type": "string"
     },
     "decided_at": {
      "type": "string",
      "format": "date-time"
     },
     "reason": {
      "type": "string"
     }
    }
   },
   "Appeal": {
    "type": "object",
    "required": [
     "id",
     "threat",
     "filed_by",
     "reason",
     "state",
     "filed_at"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "threat": {
      "type": "string"
     },
     "ticket": {
      "type": "integer"
     },
     "filed_by": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "pending",
       "reversed",
       "upheld"
      ]
     },
     "filed_at": {
      "type": "string",
      "format": "date-time"
     },
     "decided_by": {
      "type": "string"
     },
     "decided_at": {
      "type": "string",
      "format": "date-time"
     },
     "decision_reason": {
      "type": "string"
     }
    }
   },
   "ThreatDetail": {
    "type": "object",
    "required": [
     "threat",
     "sightings",
     "appeals"
    ],
    "properties": {
     "threat": {
      "$ref": "#/components/schemas/Threat"
     },
     "sightings": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "seen_at",
        "source_id",
        "batch",
        "row"
       ],
       "properties": {
        "seen_at": {
         "type": "string"
        },
        "source_id": {
         "type": "integer"
        },
        "batch": {
         "type": "integer"
        },
        "row": {
         "type": "integer"
        }
       }
      }
     },
     "determination": {
      "$ref": "#/components/schemas/Determination"
     },
     "ticket": {
      "type": "integer"
     },
     "appeals": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Appeal"
      }
     },
     "grade": {
      "type": "string"
     }
    }
   },
   "Ticket": {
    "type": "object",
    "required": [
     "id",
     "number",
     "organization",
     "measure",
     "state",
     "severity",
     "issued_at",
     "deadline",
     "threats",
     "overdue"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "number": {
      "type": "string",
      "description": "VGL-<id>"
     },
     "organization": {
      "type": "string"
     },
     "measure": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "issued",
       "acknowledged",
       "reportedDone",
       "verified",
       "reopened",
       "closed",
       "withdrawn"
      ]
     },
     "severity": {
      "type": "string"
     },
     "province": {
      "type": "integer"
     },
     "issued_at": {
      "type": "string",
      "format": "date-time"
     },
     "deadline": {
      "type": "string",
      "format": "date-time"
     },
     "acknowledged_at": {
      "type": "string",
      "format": "date-time"
     },
     "reported_done_at": {
      "type": "string",
      "format": "date-time"
     },
     "verified_at": {
      "type": "string",
      "format": "date-time"
     },
     "closed_at": {
      "type": "string",
      "format": "date-time"
     },
     "escalations": {
      "type": "integer"
     },
     "reopenings": {
      "type": "integer"
     },
     "notify_parent": {
      "type": "boolean"
     },
     "notify_cyberspace_administration": {
      "type": "boolean"
     },
     "note": {
      "type": "string"
     },
     "evidence": {
      "type": "string"
     },
     "threats": {
      "type": "integer"
     },
     "overdue": {
      "type": "boolean"
     }
    }
   },
   "Notice": {
    "type": "object",
    "required": [
     "id",
     "purpose",
     "channel",
     "recipient",
     "state",
     "attempts",
     "created_at"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "purpose": {
      "type": "string"
     },
     "channel": {
      "type": "string"
     },
     "recipient": {
      "type": "string"
     },
     "state": {
      "type": "string"
     },
     "attempts": {
      "type": "integer"
     },
     "last_error": {
      "type": "string"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "sent_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Extension": {
    "type": "object",
    "required": [
     "id",
     "ticket",
     "requested_by",
     "hours",
     "reason",
     "state",
     "requested_at"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "ticket": {
      "type": "integer"
     },
     "requested_by": {
      "type": "string"
     },
     "hours": {
      "type": "integer"
     },
     "reason": {
      "type": "string"
     },
     "state": {
      "type": "string",
      "enum": [
       "pending",
       "granted",
       "denied"
      ]
     },
     "requested_at": {
      "type": "string",
      "format": "date-time"
     },
     "decided_by": {
      "type": "string"
     },
     "decided_at": {
      "type": "string",
      "format": "date-time"
     },
     "decision_reason": {
      "type": "string"
     }
    }
   },
   "AuditEntry": {
    "type": "object",
    "required": [
     "id",
     "at",
     "actor",
     "action",
     "object_type",
     "object_id"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "actor": {
      "type": "string"
     },
     "action": {
      "type": "string"
     },
     "object_type": {
      "type": "string"
     },
     "object_id": {
      "type": "string"
     },
     "from_state": {
      "type": "string"
     },
     "to_state": {
      "type": "string"
     },
     "detail": {
      "type": "string"
     },
     "source_ip": {
      "type": "string"
     }
    }
   },
   "TicketDetail": {
    "type": "object",
    "required": [
     "ticket",
     "threats",
     "notices",
     "extensions",
     "audit",
     "rechecks"
    ],
    "properties": {
     "ticket": {
      "$ref": "#/components/schemas/Ticket"
     },
     "threats": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "kind",
        "indicator",
        "removed"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "kind": {
         "type": "string"
        },
        "indicator": {
         "type": "string"
        },
        "removed": {
         "type": "boolean"
        }
       }
      }
     },
     "notices": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Notice"
      }
     },
     "extensions": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Extension"
      }
     },
     "audit": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AuditEntry"
      }
     },
     "rechecks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Recheck"
      }
     }
    }
   },
   "ReviewItem": {
    "type": "object",
    "required": [
     "threat",
     "kind",
     "indicator",
     "determination"
    ],
    "properties": {
     "threat": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "indicator": {
      "type": "string"
     },
     "organization": {
      "type": "string"
     },
     "province": {
      "type": "integer"
     },
     "determination": {
      "$ref": "#/components/schemas/Determination"
     },
     "appeal": {
      "$ref": "#/components/schemas/Appeal"
     }
    }
   },
   "TicketCounts": {
    "type": "object",
    "required": [
     "total",
     "open",
     "overdue"
    ],
    "properties": {
     "total": {
      "type": "integer"
     },
     "open": {
      "type": "integer"
     },
     "overdue": {
      "type": "integer"
     }
    }
   },
   "Organization": {
    "type": "object",
    "required": [
     "id",
     "name",
     "type",
     "sensitive",
     "tickets"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "type": {
      "type": "string"
     },
     "parent": {
      "type": "string"
     },
     "province": {
      "type": "integer"
     },
     "sensitive": {
      "type": "boolean"
     },
     "tickets": {
      "$ref": "#/components/schemas/TicketCounts"
     }
    }
   },
   "Performance": {
    "type": "object",
    "required": [
     "group",
     "tickets",
     "overdue_rate",
     "reopen_rate"
    ],
    "properties": {
     "group": {
      "type": "string"
     },
     "tickets": {
      "type": "integer"
     },
     "median_seconds_to_dispose": {
      "type": "integer"
     },
     "p90_seconds_to_dispose": {
      "type": "integer"
     },
     "overdue_rate": {
      "type": "number"
     },
     "reopen_rate": {
      "type": "number"
     }
    }
   },
   "OrganizationDetail": {
    "type": "object",
    "required": [
     "organization",
     "contacts"
    ],
    "properties": {
     "organization": {
      "$ref": "#/components/schemas/Organization"
     },
     "performance": {
      "$ref": "#/components/schemas/Performance"
     },
     "contacts": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    }
   },
   "Counts": {
    "type": "object",
    "additionalProperties": {
     "type": "integer"
    }
   },
   "Statistics": {
    "type": "object",
    "required": [
     "threats",
     "by_category",
     "by_kind",
     "by_province",
     "by_operator",
     "tickets",
     "overdue_tickets"
    ],
    "properties": {
     "threats": {
      "type": "integer"
     },
     "by_category": {
      "$ref": "#/components/schemas/Counts"
     },
     "by_kind": {
      "$ref": "#/components/schemas/Counts"
     },
     "by_province": {
      "$ref": "#/components/schemas/Counts"
     },
     "by_operator": {
      "$ref": "#/components/schemas/Counts"
     },
     "tickets": {
      "$ref": "#/components/schemas/Counts"
     },
     "overdue_tickets": {
      "type": "integer"
     }
    }
   },
   "Batch": {
    "type": "object",
    "required": [
     "id",
     "sha256",
     "source",
     "format",
     "file_name",
     "size",
     "received_at",
     "status",
     "rows",
     "observations",
     "rejects",
     "new_threats",
     "new_sightings"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "sha256": {
      "type": "string"
     },
     "source": {
      "type": "string"
     },
     "format": {
      "type": "string"
     },
     "report_type": {
      "type": "string"
     },
     "file_name": {
      "type": "string"
     },
     "size": {
      "type": "integer"
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     },
     "status": {
      "type": "string",
      "enum": [
       "running",
       "complete"
      ]
     },
     "rows": {
      "type": "integer"
     },
     "observations": {
      "type": "integer"
     },
     "rejects": {
      "type": "integer"
     },
     "new_threats": {
      "type": "integer"
     },
     "new_sightings": {
      "type": "integer"
     }
    }
   },
   "Reject": {
    "type": "object",
    "required": [
     "batch",
     "row",
     "code",
     "reason",
     "raw"
    ],
    "properties": {
     "batch": {
      "type": "integer"
     },
     "row": {
      "type": "integer"
     },
     "code": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "raw": {
      "type": "string"
     }
    }
   },
   "Submission": {
    "type": "object",
    "required": [
     "already_ingested",
     "resumed",
     "seconds"
    ],
    "properties": {
     "batch": {
      "$ref": "#/components/schemas/Batch"
     },
     "already_ingested": {
      "type": "boolean"
     },
     "resumed": {
      "type": "boolean"
     },
     "seconds": {
      "type": "number"
     }
    }
   },
   "Note": {
    "type": "object",
    "properties": {
     "note": {
      "type": "string"
     },
     "evidence": {
      "type": "string"
     }
    }
   },
   "Reason": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string"
     }
    }
   },
   "ThreatPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Threat"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "TicketPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Ticket"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "ReviewPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ReviewItem"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "OrganizationPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Organization"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "PerformancePage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Performance"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "BatchPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Batch"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "RejectPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Reject"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "AuditPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AuditEntry"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "integer",
       "null"
      ],
      "description": "Pass as `cursor` for the next page; null on the last page."
     }
    }
   },
   "Watch": {
    "type": "object",
    "required": [
     "id",
     "name",
     "interval_seconds",
     "enabled",
     "created_by",
     "created_at",
     "checks",
     "alerting"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "interval_seconds": {
      "type": "integer"
     },
     "enabled": {
      "type": "boolean"
     },
     "created_by": {
      "type": "string"
     },
     "created_at": {
      "type": "string"
     },
     "last_run_at": {
      "type": [
       "string",
       "null"
      ]
     },
     "checks": {
      "type": "integer"
     },
     "alerting": {
      "type": "integer"
     }
    }
   },
   "WatchPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Watch"
      }
     },
     "next_cursor": {
      "type": [
       "integer",
       "null"
      ]
     }
    }
   },
   "WatchCheck": {
    "type": "object",
    "required": [
     "key",
     "verdict",
     "alerting",
     "failures",
     "checked_at"
    ],
    "properties": {
     "key": {
      "type": "string"
     },
     "verdict": {
      "type": "string"
     },
     "alerting": {
      "type": "boolean"
     },
     "failures": {
      "type": "integer"
     },
     "detail": {
      "type": [
       "string",
       "null"
      ]
     },
     "checked_at": {
      "type": "string"
     }
    }
   },
   "Alert": {
    "type": "object",
    "required": [
     "id",
     "watch",
     "check",
     "kind",
     "title",
     "detail",
     "raised_at"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "watch": {
      "type": "integer"
     },
     "check": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "dnsChanged",
       "dnsInjected",
       "dnsFailure",
       "dnssecBogus",
       "defaced",
       "hiddenLink",
       "unreachable",
       "recovered"
      ]
     },
     "title": {
      "type": "string"
     },
     "detail": {
      "type": "string"
     },
     "raised_at": {
      "type": "string"
     }
    }
   },
   "AlertPage": {
    "type": "object",
    "required": [
     "items",
     "next_cursor"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Alert"
      }
     },
     "next_cursor": {
      "type": [
       "integer",
       "null"
      ]
     }
    }
   },
   "WatchDetail": {
    "type": "object",
    "required": [
     "watch",
     "checks",
     "alerts"
    ],
    "properties": {
     "watch": {
      "$ref": "#/components/schemas/Watch"
     },
     "spec": {
      "type": [
       "object",
       "null"
      ],
      "description": "names (with expect and cname_suffixes), resolvers, anchors, pages (with their baseline), hosts, notify, unreachable_after"
     },
     "checks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/WatchCheck"
      }
     },
     "alerts": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Alert"
      }
     }
    }
   },
   "FixRate": {
    "type": "object",
    "required": [
     "key",
     "verdicts",
     "fixed",
     "concluded"
    ],
    "properties": {
     "key": {
      "type": "string"
     },
     "verdicts": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     },
     "fixed": {
      "type": "integer"
     },
     "concluded": {
      "type": "integer"
     },
     "rate": {
      "type": [
       "number",
       "null"
      ]
     }
    }
   },
   "FixRates": {
    "type": "object",
    "required": [
     "organizations",
     "prefixes"
    ],
    "properties": {
     "organizations": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/FixRate"
      }
     },
     "prefixes": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/FixRate"
      }
     }
    }
   },
   "Recheck": {
    "type": "object",
    "required": [
     "id",
     "round",
     "threat",
     "probe",
     "target",
     "attempts",
     "due_at"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "round": {
      "type": "integer"
     },
     "threat": {
      "type": "string"
     },
     "probe": {
      "type": "string"
     },
     "target": {
      "type": "string"
     },
     "attempts": {
      "type": "integer"
     },
     "due_at": {
      "type": "string"
     },
     "verdict": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       null,
       "fixed",
       "fixedServiceAlive",
       "stillPresent",
       "unreachable",
       "churned",
       "superseded",
       "noProbe",
       "outOfScope"
      ]
     },
     "completed_at": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   }
  }
 }
}
"""#
}
